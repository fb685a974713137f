package dev.tinytorch.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CharSamplerTest {

    @Test
    void drawsFromTheSoftmaxOfTheScoresOverTheTemperature() {
        double[] scores = {0, Math.log(3), -1000};
        SplittableRandom rng = new SplittableRandom(1);
        int[] counts = new int[3];
        for (int i = 0; i < 40_000; i++) {
            counts[CharSampler.draw(scores, 1.0, rng)]++;
        }
        assertEquals(0.25, counts[0] / 40_000.0, 0.01, "softmax(0, ln 3) = (1/4, 3/4)");
        assertEquals(0, counts[2]);
        counts = new int[3];
        for (int i = 0; i < 1_000; i++) {
            counts[CharSampler.draw(scores, 0.01, rng)]++;
        }
        assertEquals(1_000, counts[1], "a low temperature picks the best score");
        counts = new int[3];
        for (int i = 0; i < 40_000; i++) {
            counts[CharSampler.draw(new double[] {0, Math.log(3)}, 2.0, rng)]++;
        }
        assertEquals(1 / (1 + Math.sqrt(3)), counts[0] / 40_000.0, 0.01, "temperature 2: softmax(0, ln 3 / 2)");
    }
}
