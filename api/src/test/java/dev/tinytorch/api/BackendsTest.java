package dev.tinytorch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a user's choice of backend is read: the system property first, then the environment. */
class BackendsTest {

    private String saved;

    @BeforeEach
    void saveProperty() {
        saved = System.getProperty(Backends.PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (saved == null) {
            System.clearProperty(Backends.PROPERTY);
        } else {
            System.setProperty(Backends.PROPERTY, saved);
        }
    }

    private static String fromEnvironment() {
        String env = System.getenv(Backends.ENV);
        return env == null || env.isBlank() ? null : env.trim();
    }

    @Test
    void thePropertyWinsAndIsTrimmed() {
        System.setProperty(Backends.PROPERTY, "  ejml ");
        assertEquals("ejml", Backends.requested());
    }

    @Test
    void aBlankPropertyFallsBackToTheEnvironment() {
        System.setProperty(Backends.PROPERTY, "   ");
        assertEquals(fromEnvironment(), Backends.requested());
        System.clearProperty(Backends.PROPERTY);
        assertEquals(fromEnvironment(), Backends.requested());
    }

    @Test
    void theDefaultHonoursTheProperty() {
        System.setProperty(Backends.PROPERTY, "no-such-backend");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Backends::getDefault);
        assertTrue(e.getMessage().contains("'no-such-backend'"), e.getMessage());
    }
}
