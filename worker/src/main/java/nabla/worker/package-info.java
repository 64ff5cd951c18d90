/**
 * What runs inside a partition: θ, the column-stacked forward and backward pass over a block of m examples,
 * the costs, the gradient accumulator, and which columns make up each step's mini-batch.
 * Plain Java on the BLAS under MLlib's linear algebra (dev.ludovic.netlib), column-major double[] throughout.
 * Not here: anything of Spark's; the loop, the data files and the command line are the driver's.
 */
package nabla.worker;
