package dev.tinytorch.examples;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.CharVocabulary;
import dev.tinytorch.nn.layers.Recurrent;
import java.util.random.RandomGenerator;

/**
 * Writes text with a character-level language model ({@code Embedding}, a recurrent layer, a per-step output
 * layer): the prime is read in one forward, then one character at a time is drawn from the softmax of the last
 * step's scores divided by the temperature and fed back, the recurrent layer carrying its state from call to call.
 * The same model, prime, temperature and generator state give the same text.
 */
final class CharSampler {

    private final Sequential model;
    private final CharVocabulary vocabulary;
    private final Recurrent recurrent;

    /** Samples from {@code model}, whose tokens are {@code vocabulary}'s characters. */
    CharSampler(Sequential model, CharVocabulary vocabulary) {
        this.model = model;
        this.vocabulary = vocabulary;
        this.recurrent = model.layers().stream().filter(Recurrent.class::isInstance).map(Recurrent.class::cast)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no recurrent layer in " + model));
    }

    /**
     * {@code prime} followed by {@code length} drawn characters.
     *
     * @param temperature below 1 sharpens the distribution (more likely, more repetitive text), above 1 flattens it
     * @param rng         the draws, one {@code nextDouble} per character
     * @throws IllegalArgumentException if {@code prime} is empty or holds a character outside the vocabulary
     */
    String sample(String prime, int length, double temperature, RandomGenerator rng) {
        if (prime.isEmpty()) {
            throw new IllegalArgumentException("the prime must hold at least one character");
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("the temperature must be positive, got " + temperature);
        }
        MatrixOps ops = model.ops();
        int[] primeTokens = vocabulary.encode(prime);
        double[] input = new double[primeTokens.length];
        for (int i = 0; i < input.length; i++) {
            input[i] = primeTokens[i];
        }
        StringBuilder text = new StringBuilder(prime);
        double[] scores = new double[vocabulary.size()];
        double[] next = new double[1];
        Matrix one = ops.zeros(1, 1);
        model.eval();
        recurrent.resetState();
        recurrent.carryState(true);
        try {
            Matrix logits = model.forward(ops.fromRowMajor(1, input.length, input));
            for (int i = 0; i < length; i++) {
                lastStep(ops, logits, scores);
                int token = draw(scores, temperature, rng);
                text.append(vocabulary.charAt(token));
                next[0] = token;
                ops.setRowMajor(one, next);
                logits = model.forward(one);
            }
        } finally {
            recurrent.carryState(false);
            recurrent.resetState();
            model.train();
        }
        return text.toString();
    }

    /** The scores of the last step of {@code logits} ({@code 1 x (steps * V)}) into {@code scores}. */
    private static void lastStep(MatrixOps ops, Matrix logits, double[] scores) {
        int steps = logits.cols() / scores.length;
        for (int c = 0; c < scores.length; c++) {
            scores[c] = ops.get(logits, 0, (steps - 1) * scores.length + c);
        }
    }

    /** A draw from {@code softmax(scores / temperature)}, computed stably (the largest score shifted to 0). */
    static int draw(double[] scores, double temperature, RandomGenerator rng) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double total = 0;
        double[] weights = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            weights[i] = Math.exp((scores[i] - max) / temperature);
            total += weights[i];
        }
        double u = rng.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;  // u rounded to total
    }
}
