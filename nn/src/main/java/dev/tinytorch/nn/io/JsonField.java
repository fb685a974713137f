package dev.tinytorch.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A value of a JSON file being read, with its path in the document ({@code layers[2].args.p}) and the file, so that
 * every type or presence check fails with a message saying exactly where and what was expected.
 */
final class JsonField {

    private static final int SHOWN_CHARACTERS = 60;

    private final JsonNode node;
    private final String path;
    private final Path file;

    /** The value {@code node} found at {@code path} ({@code ""} for the whole document) of {@code file}. */
    JsonField(JsonNode node, String path, Path file) {
        this.node = node;
        this.path = path;
        this.file = file;
    }

    /** Where this value is in its document, e.g. {@code layers[2].type}. */
    String path() {
        return path;
    }

    /** An error about this value: {@code "<file>: <path> <problem>"}. */
    ModelFormatException error(String problem) {
        return new ModelFormatException(file, (path.isEmpty() ? "the top level" : path) + " " + problem);
    }

    /** The same value, called {@code newPath} in error messages. */
    JsonField named(String newPath) {
        return new JsonField(node, newPath, file);
    }

    /** Whether this value is a JSON array. */
    boolean isArray() {
        return node.isArray();
    }

    /** Whether this object has a member {@code name}. */
    boolean has(String name) throws ModelFormatException {
        return object().has(name);
    }

    /** The member {@code name} of this object, which must be present. */
    JsonField get(String name) throws ModelFormatException {
        JsonNode child = object().get(name);
        if (child == null) {
            throw error("has no \"" + name + "\"");
        }
        return new JsonField(child, child(name), file);
    }

    /** The members of this object, in document order. */
    List<Map.Entry<String, JsonField>> members() throws ModelFormatException {
        List<Map.Entry<String, JsonField>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(Map.entry(e.getKey(), new JsonField(e.getValue(), child(e.getKey()), file)));
        }
        return out;
    }

    /** The elements of this array, in order. */
    List<JsonField> elements() throws ModelFormatException {
        if (!node.isArray()) {
            throw error("must be an array, got " + shown());
        }
        List<JsonField> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(new JsonField(node.get(i), path + "[" + i + "]", file));
        }
        return out;
    }

    /** This value as a string. */
    String text() throws ModelFormatException {
        if (!node.isTextual()) {
            throw error("must be a string, got " + shown());
        }
        return node.textValue();
    }

    /** This value as a whole number from {@code min} to {@code max}. */
    long integer(long min, long max) throws ModelFormatException {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw error("must be a whole number from " + min + " to " + max + ", got " + shown());
        }
        return node.longValue();
    }

    /** This value as a finite number. */
    double number() throws ModelFormatException {
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw error("must be a finite number, got " + shown());
        }
        return node.doubleValue();
    }

    /** This value as an array of finite numbers. */
    double[] numbers() throws ModelFormatException {
        List<JsonField> elements = elements();
        double[] out = new double[elements.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = elements.get(i).number();
        }
        return out;
    }

    /** This value as an array of strings. */
    List<String> texts() throws ModelFormatException {
        List<String> out = new ArrayList<>();
        for (JsonField element : elements()) {
            out.add(element.text());
        }
        return out;
    }

    /**
     * This value as a Java number, string or boolean, or a list of whole numbers ({@code int}s, such as a kernel's
     * {@code [5, 5]}): what a hyper-parameter may be.
     */
    Object hyperParameter() throws ModelFormatException {
        if (node.isArray()) {
            List<Integer> out = new ArrayList<>();
            for (JsonField element : elements()) {
                out.add((int) element.integer(Integer.MIN_VALUE, Integer.MAX_VALUE));
            }
            return List.copyOf(out);
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.canConvertToInt() ? (Object) node.intValue() : (Object) node.longValue();
        }
        if (node.isNumber()) {
            return number();
        }
        if (node.isTextual() || node.isBoolean()) {
            return node.isTextual() ? node.textValue() : (Object) node.booleanValue();
        }
        throw error("must be a number, string, boolean or list of whole numbers, got " + shown());
    }

    private JsonNode object() throws ModelFormatException {
        if (!node.isObject()) {
            throw error("must be a JSON object, got " + shown());
        }
        return node;
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private String shown() {
        String text = node.toString();
        return text.length() <= SHOWN_CHARACTERS ? text : text.substring(0, SHOWN_CHARACTERS) + "...";
    }
}
