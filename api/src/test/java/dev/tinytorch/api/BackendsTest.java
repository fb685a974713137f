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
    private String savedDType;

    @BeforeEach
    void saveProperty() {
        saved = System.getProperty(Backends.PROPERTY);
        savedDType = System.getProperty(Backends.DTYPE_PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        restore(Backends.PROPERTY, saved);
        restore(Backends.DTYPE_PROPERTY, savedDType);
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
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

    @Test
    void thePrecisionPropertyIsParsedAndDefaultsToFloat64() {
        System.setProperty(Backends.DTYPE_PROPERTY, " Float32 ");
        assertEquals(DType.FLOAT32, Backends.requestedDType());
        System.setProperty(Backends.DTYPE_PROPERTY, "double");
        assertEquals(DType.FLOAT64, Backends.requestedDType());
        System.clearProperty(Backends.DTYPE_PROPERTY);
        String env = System.getenv(Backends.DTYPE_ENV);
        assertEquals(env == null || env.isBlank() ? DType.FLOAT64 : DType.parse(env), Backends.requestedDType());
    }

    @Test
    void anUnknownPrecisionListsTheValidOnes() {
        System.setProperty(Backends.DTYPE_PROPERTY, "half");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Backends::requestedDType);
        assertTrue(e.getMessage().contains("'half'") && e.getMessage().contains("float64, float32"), e.getMessage());
    }
}
