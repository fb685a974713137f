package dev.tinytorch.examples.jmh;

/** Reads the {@code @Param} shape strings of the benchmarks, such as {@code 64x256}, with a clear error if malformed. */
final class Shapes {

    private Shapes() {
    }

    /**
     * The {@code count} positive sizes of {@code text}, separated by {@code x}.
     *
     * @throws IllegalArgumentException naming the text if it is not of that form
     */
    static int[] dimensions(String text, int count) {
        String[] parts = text.split("x");
        if (parts.length != count) {
            throw new IllegalArgumentException("shape '" + text + "': expected " + count + " sizes separated by 'x'");
        }
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("shape '" + text + "': '" + parts[i] + "' is not a size", e);
            }
            if (sizes[i] < 1) {
                throw new IllegalArgumentException("shape '" + text + "': sizes must be positive, got " + sizes[i]);
            }
        }
        return sizes;
    }
}
