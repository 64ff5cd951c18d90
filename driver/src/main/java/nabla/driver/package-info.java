/**
 * The Spark application: the command line, data loading into cached column-stacked shards, the SGD step
 * loop (broadcast θ, aggregate Σ∇ as an ordered tree, update on the driver), evaluation and model files.
 * Not here: the math of a step inside a partition, which is {@link nabla.worker}'s.
 */
package nabla.driver;
