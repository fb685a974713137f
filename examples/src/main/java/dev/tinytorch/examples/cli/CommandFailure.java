package dev.tinytorch.examples.cli;

/**
 * A failure the user can fix, such as data that cannot be learned from; its message is printed as the command's
 * one-line error and the command exits with {@link TinyTorch#FAILURE}.
 */
final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message);
    }
}
