/**
 * Data on Spark: IDX, LIBSVM, CSV and a user's RDD dealt into cached column-stacked shards; Hadoop file
 * access; network2.py's model files; {@link nabla.driver.data.BadInput}, input nabla cannot use.
 */
package nabla.driver.data;
