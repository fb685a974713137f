package dev.tinytorch.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Thrown when a saved model cannot be read: a file is missing, truncated, corrupted, of another format version, or
 * describes something this library cannot rebuild. The message starts with the file and says what is wrong, so that
 * the user knows which file to replace or regenerate without a debugger.
 */
public class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** An exception about {@code file}, whose message is {@code "<file>: <problem>"}. */
    public ModelFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** An exception about {@code file} caused by {@code cause}. */
    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}
