package dev.tinytorch.api.kernels.f64;

/**
 * The loop {@link ImageKernels#col2im} spends its time in when the window moves by one column, adding a run of
 * consecutive column entries to a run of pixels, for a backend to supply a faster form of (e.g. with vectors):
 * LeNet-5's two convolutions add their 1.2 million and 960,000 column entries in runs of 24 and 10, too short for
 * C2 to vectorize the scalar loop. {@link #SCALAR} is that loop. Not an API for users.
 */
@FunctionalInterface
public interface AddLoop {

    /** The scalar loop. */
    AddLoop SCALAR = (x, from, out, to, n) -> {
        for (int i = 0; i < n; i++) {
            out[to + i] += x[from + i];
        }
    };

    /**
     * Adds {@code x[from + i]} to {@code out[to + i]} for {@code i < n}, one rounding each (the bits of
     * {@code out[to + i] += x[from + i]}), modifying only those elements of {@code out}; {@code x} and {@code out}
     * are different arrays.
     */
    void add(double[] x, int from, double[] out, int to, int n);
}
