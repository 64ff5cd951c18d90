/**
 * One training run on Spark: {@link nabla.driver.train.Run} (the loop over epochs and steps, its position,
 * its listeners) configured by {@link nabla.driver.train.Settings}; one SGD step,
 * {@link nabla.driver.train.Trainer} (send θ, sum Σ∇ as an ordered tree, update); and what watches a run
 * (progress, the epoch lines, metrics, patience, checkpoints).
 */
package nabla.driver.train;
