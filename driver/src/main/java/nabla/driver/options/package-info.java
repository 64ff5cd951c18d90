/**
 * Every option's one home: picocli mixins by group (data, network, one step, optimisation, start, output,
 * checkpoints, partitions, Spark, common), the one reader of --conf and --preset defaults ({@link
 * nabla.driver.options.Defaults}), and {@link nabla.driver.options.TrainOptions}, which turns train's options
 * into {@link nabla.driver.train.Settings} for the command line and the Java API alike. Values are checked
 * where the settings' groups are made.
 */
package nabla.driver.options;
