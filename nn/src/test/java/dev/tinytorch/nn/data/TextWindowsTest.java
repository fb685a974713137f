package dev.tinytorch.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextWindowsTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void theVocabularyIsTheSortedDistinctCharacters() {
        CharVocabulary vocabulary = CharVocabulary.of("hello, world\n");
        assertEquals("\n ,dehlorw", vocabulary.chars());
        assertArrayEquals(new int[] {5, 4, 6, 6, 7}, vocabulary.encode("hello"));
        assertEquals('w', vocabulary.charAt(9));
        assertEquals(vocabulary.chars(), CharVocabulary.fromChars(vocabulary.chars()).chars());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> vocabulary.encode("held!"));
        assertEquals("character '!' at position 4 is not in the vocabulary of 10 characters", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CharVocabulary.fromChars("ba"));
        assertThrows(IllegalArgumentException.class, () -> CharVocabulary.fromChars(""));
    }

    @Test
    void consecutiveWindowsPredictEachTokenOnceFromTheStart() {
        int[] tokens = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        Dataset windows = new TextWindows(tokens, 3).consecutiveWindows(ops);
        assertEquals(3, windows.size());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, ops.toRowMajor(windows.inputs()));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, ops.toRowMajor(windows.targets()));
    }

    @Test
    void randomWindowsAreSeededShiftedByOneAndRedrawnInPlace() {
        int[] tokens = new int[50];
        Arrays.setAll(tokens, i -> i);
        TextWindows text = new TextWindows(tokens, 4);
        Dataset windows = text.randomWindows(ops, 20, new SplittableRandom(3));
        double[] in = ops.toRowMajor(windows.inputs());
        double[] out = ops.toRowMajor(windows.targets());
        for (int i = 0; i < 20; i++) {
            double start = in[4 * i];
            assertTrue(start >= 0 && start + 4 < 50, "start " + start);
            for (int t = 0; t < 4; t++) {
                assertEquals(start + t, in[4 * i + t]);
                assertEquals(start + t + 1, out[4 * i + t]);
            }
        }
        assertArrayEquals(in, ops.toRowMajor(text.randomWindows(ops, 20, new SplittableRandom(3)).inputs()));
        text.redraw(windows, new SplittableRandom(4));
        assertNotEquals(Arrays.toString(in), Arrays.toString(ops.toRowMajor(windows.inputs())));
        assertThrows(IllegalArgumentException.class, () -> new TextWindows(new int[4], 4));
    }
}
