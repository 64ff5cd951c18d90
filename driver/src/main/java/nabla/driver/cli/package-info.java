/** The command line: {@code nabla train|evaluate|predict|convert|explain|plot|gradcheck}, its options and defaults. */
package nabla.driver.cli;
