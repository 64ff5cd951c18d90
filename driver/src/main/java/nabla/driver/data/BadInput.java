package nabla.driver.data;

/**
 * Input nabla cannot use: a missing or malformed file, an option out of range, a model that does not
 * fit. The command line prints its message as one line and exits with status 2.
 */
public final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInput(String message) {
        super(message);
    }

    public BadInput(String message, Throwable cause) {
        super(message, cause);
    }

    /** The first BadInput in a chain of causes (Spark wraps what executors throw), or null. */
    public static BadInput findIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BadInput b) {
                return b;
            }
        }
        return null;
    }
}
