package dev.tinytorch.nn.archfixture;

import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Breaks the layering on purpose: an {@code nn} class outside {@code nn.io} that uses Jackson. Test sources only;
 * it shows that only {@code nn.io} may use the JSON library.
 */
public final class LayerThatWritesJson {

    private LayerThatWritesJson() {
    }

    /** Serialises {@code value} with Jackson directly. */
    public static String describe(Object value) throws Exception {
        return JsonMapper.builder().build().writeValueAsString(value);
    }
}
