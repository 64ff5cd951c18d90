/**
 * One training run on Spark: the loop over epochs and steps, one SGD step (send θ, sum Σ∇ as an ordered
 * tree, update), and what watches a run (patience, checkpoints, metrics, progress).
 */
package nabla.driver.train;
