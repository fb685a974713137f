package dev.tinytorch.nn;

import dev.tinytorch.api.Matrix;

/** The misuse checks every layer and loss makes, so that all of them report a mistake in the same words. */
public final class Checks {

    private Checks() {
    }

    /**
     * Throws unless {@code actual} has the shape of {@code expected}; the message names {@code owner}, the rule and
     * both shapes. The message is built only on failure, so the check costs nothing in a training step.
     *
     * @param rule what is required, e.g. {@code "backward: gradOutput must match the last output"}
     */
    public static void sameShape(Object owner, String rule, Matrix expected, Matrix actual) {
        if (actual.rows() != expected.rows() || actual.cols() != expected.cols()) {
            throw new IllegalArgumentException(owner + " " + rule + " " + expected.shape() + ", got " + actual.shape());
        }
    }

    /** Throws unless {@code saved} (what forward keeps for backward) exists, i.e. forward ran since the last move. */
    public static void forwardRan(Object saved, Object owner) {
        if (saved == null) {
            throw new IllegalStateException(owner + ": backward called before forward (or after moving with to())");
        }
    }
}
