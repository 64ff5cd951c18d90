/** Inference on Spark with a trained θ: the confusion matrix of a data set, and predictions written out. */
package nabla.driver.infer;
