package dev.tinytorch.nn.data;

/**
 * Thrown when a file cannot be read as MNIST's IDX format (see {@link IdxReader}); the message starts with the file
 * and says what is wrong with it (the magic number, a dimension, the size), so that the file can be replaced or the
 * command line fixed without a debugger.
 */
public class IdxFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** An exception with a complete, human-readable {@code message}. */
    public IdxFormatException(String message) {
        super(message);
    }
}
