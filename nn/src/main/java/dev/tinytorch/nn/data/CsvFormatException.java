package dev.tinytorch.nn.data;

/**
 * Thrown when a CSV file cannot be read as a numeric table; the message names the source, and where it applies
 * the line (1-based, the header being line 1), the column (1-based index and header name) and the offending value,
 * so that the file can be fixed without a debugger.
 */
public class CsvFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** An exception with a complete, human-readable {@code message}. */
    public CsvFormatException(String message) {
        super(message);
    }
}
