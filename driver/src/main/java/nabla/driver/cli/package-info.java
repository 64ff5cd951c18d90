/** The command line: Main and one class per command ({@code nabla train|evaluate|predict|convert|explain|plot|gradcheck}); their options live in {@code nabla.driver.options}. */
package nabla.driver.cli;
