package dev.tinytorch.nn.data;

import java.util.Arrays;

/**
 * The characters of a text as token indices, for a character-level language model: the distinct characters sorted
 * by code, each one's index its position, as char-rnn and its PyTorch ports build it ({@code sorted(set(text))}).
 * Tiny Shakespeare has 65.
 */
public final class CharVocabulary {

    private final String chars;
    private final int[] indexOf;  // by char code, -1 for a character not in the vocabulary

    private CharVocabulary(String chars) {
        this.chars = chars;
        int max = chars.chars().max().orElse(-1);
        this.indexOf = new int[max + 1];
        Arrays.fill(indexOf, -1);
        for (int i = 0; i < chars.length(); i++) {
            indexOf[chars.charAt(i)] = i;
        }
    }

    /** The sorted distinct characters of {@code text}. */
    public static CharVocabulary of(CharSequence text) {
        return new CharVocabulary(text.chars().distinct().sorted()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
    }

    /**
     * The vocabulary whose characters, in index order, are {@code chars}, as {@link #chars()} gave them (e.g. read
     * back from a saved model).
     *
     * @throws IllegalArgumentException if {@code chars} is empty, unsorted or holds a character twice
     */
    public static CharVocabulary fromChars(String chars) {
        if (chars.isEmpty()) {
            throw new IllegalArgumentException("a vocabulary needs at least one character");
        }
        for (int i = 1; i < chars.length(); i++) {
            if (chars.charAt(i) <= chars.charAt(i - 1)) {
                throw new IllegalArgumentException("vocabulary characters must be distinct and sorted, but "
                        + describe(chars.charAt(i)) + " at position " + i + " follows " + describe(chars.charAt(i - 1)));
            }
        }
        return new CharVocabulary(chars);
    }

    /** The number of characters (token indices {@code 0 .. size() - 1}). */
    public int size() {
        return chars.length();
    }

    /** The characters in index order. */
    public String chars() {
        return chars;
    }

    /** The character of token {@code index}. */
    public char charAt(int index) {
        return chars.charAt(index);
    }

    /**
     * The token indices of {@code text}.
     *
     * @throws IllegalArgumentException naming the first character not in the vocabulary and its position
     */
    public int[] encode(CharSequence text) {
        int[] tokens = new int[text.length()];
        for (int i = 0; i < tokens.length; i++) {
            char c = text.charAt(i);
            int index = c < indexOf.length ? indexOf[c] : -1;
            if (index < 0) {
                throw new IllegalArgumentException("character " + describe(c) + " at position " + i
                        + " is not in the vocabulary of " + size() + " characters");
            }
            tokens[i] = index;
        }
        return tokens;
    }

    private static String describe(char c) {
        return c >= ' ' && c < 127 ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    @Override
    public String toString() {
        return "CharVocabulary(" + size() + " characters)";
    }
}
