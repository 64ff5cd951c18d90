/**
 * The Spark application, in layers that depend downwards only: {@code cli} (the command line) → this
 * package ({@link nabla.driver.Nabla}, the Java API, and {@link nabla.driver.Spark}, the context) →
 * {@code train} (one training run, one step) and {@code infer} (evaluate, predict) → {@code data} (sources,
 * shards, files) → {@link nabla.worker} (the math inside a partition).
 */
package nabla.driver;
