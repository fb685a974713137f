package dev.tinytorch.nn.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tinytorch.nn.data.Excerpt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The one JSON configuration of the package, strict where the files are read: a duplicated key or anything after
 * the document is an error, not a value silently overwritten or ignored.
 */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Json() {
    }

    /** A new, empty object node. */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The compact UTF-8 bytes of {@code node}. */
    static byte[] compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }

    /** The indented UTF-8 bytes of {@code node}, ending in a newline: for files people read. */
    static byte[] pretty(JsonNode node) {
        try {
            byte[] body = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
            byte[] withNewline = Arrays.copyOf(body, body.length + 1);
            withNewline[body.length] = '\n';
            return withNewline;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }

    /**
     * Parses {@code length} bytes of {@code bytes} from {@code offset} as one JSON document.
     *
     * @param what names the document in the error, e.g. {@code "the header"}
     * @throws ModelFormatException naming {@code file}, the line and column, and what the parser expected
     */
    static JsonNode parse(byte[] bytes, int offset, int length, Path file, String what) throws ModelFormatException {
        try {
            JsonNode node = MAPPER.readTree(bytes, offset, length);
            if (node == null || node.isMissingNode()) {
                throw new ModelFormatException(file, what + " is empty, expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new ModelFormatException(file, what + " is not valid JSON" + where + ": "
                    + Excerpt.of(e.getOriginalMessage().replace('\n', ' ')), e);
        } catch (IOException e) {
            throw new ModelFormatException(file, what + " cannot be read as JSON: " + e.getMessage(), e);
        }
    }
}
