/**
 * The Spark application, in layers that depend downwards only (LayersTest holds them): {@code cli} (the
 * command line) → this package ({@link nabla.driver.Nabla}, the Java API, and {@link nabla.driver.Spark},
 * the context) → {@code options} (every option's one home, and the settings they make) → {@code train}
 * (one training run, {@link nabla.driver.train.Run}; one step, {@link nabla.driver.train.Trainer}) and
 * {@code infer} (evaluate, predict) → {@code data} (sources, shards, files) → {@link nabla.worker} (the math
 * inside a partition).
 */
package nabla.driver;
