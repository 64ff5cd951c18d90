/**
 * Training on Spark: {@link nabla.driver.train.Run}, one run configured by
 * {@link nabla.driver.train.Settings}, and {@link nabla.driver.train.Sweep}, K of them, both through the
 * one loop over epochs and steps ({@code Loop}: each model's position, updater and listeners); one SGD step,
 * {@link nabla.driver.train.Trainer} (send the θs, sum Σ∇ as an ordered tree, update); and what watches a
 * run (divergence, progress, the epoch lines, metrics, patience, checkpoints).
 */
package nabla.driver.train;
