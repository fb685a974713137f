package dev.tinytorch.nn.data;

import java.util.List;
import java.util.StringJoiner;

/**
 * A value or a list of names quoted in an error message, kept to one short line whatever the file holds: at most
 * {@value #MAX_CHARACTERS} characters followed by how many more there were, control characters written as Java escapes
 * (a backslash, u and four hex digits), so that a megabyte-long field or binary garbage never floods a terminal.
 */
public final class Excerpt {

    /** The most characters of a value a message quotes. */
    public static final int MAX_CHARACTERS = 100;
    /** The most names {@link #list} shows. */
    public static final int MAX_NAMES = 10;

    private Excerpt() {
    }

    /** {@code text} as a message may quote it. */
    public static String of(String text) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(text.length(), MAX_CHARACTERS);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !validPair(text, i)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > shown) {
            out.append("... (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }

    /** Up to ten of {@code names}, each as {@link #of} quotes it, then how many there are in all. */
    public static String list(List<String> names) {
        StringJoiner out = new StringJoiner(", ", "[", "]");
        names.stream().limit(MAX_NAMES).forEach(name -> out.add(of(name)));
        if (names.size() > MAX_NAMES) {
            out.add("... (" + names.size() + " in all)");
        }
        return out.toString();
    }

    private static boolean validPair(String text, int i) {
        char c = text.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
