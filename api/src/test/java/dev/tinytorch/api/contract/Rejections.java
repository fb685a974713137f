package dev.tinytorch.api.contract;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/**
 * The contract suite's check of a rejection: bad input must fail with an {@link IllegalArgumentException} whose
 * message names what was wrong (the operation, the shapes, the row range), so that every contract class asserts
 * the same thing the same way.
 */
final class Rejections {

    private Rejections() {
    }

    /** Runs {@code call}, expects it to be rejected with a message containing each of {@code mentions}. */
    static IllegalArgumentException assertRejected(Executable call, String... mentions) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String mention : mentions) {
            assertTrue(e.getMessage().contains(mention), () -> "message should mention '" + mention + "': "
                    + e.getMessage());
        }
        return e;
    }
}
