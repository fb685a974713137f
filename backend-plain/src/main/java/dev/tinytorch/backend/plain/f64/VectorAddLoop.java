package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.api.kernels.f64.AddLoop;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link AddLoop} with the Vector API, for {@link VectorKernels}: col2im's short runs (24 and 10 elements in
 * LeNet-5) as whole vectors, the last few elements as the vector that ends at the run's end, rewriting the lanes it
 * shares with the one before with the same sums; a run shorter than a vector goes to the scalar loop. Vectors of at
 * most 256 bits, so that runs of 10 floats are covered (with 512-bit vectors they were all scalar).
 *
 * <p>The adds are written {@code lanewise(ADD, ...)}, not {@code add(...)}: {@code add} calls {@code lanewise} from
 * inside the Vector API, where the JIT's profile of that call is shared with every other kernel, and in a LeNet-5
 * step those use 512-bit vectors. Seeing two vector classes there, C2 boxed this loop's vectors, and col2im took
 * twice as long as the scalar loop; called here, the profile is this loop's own. LeNet-5's col2im in float32, one
 * thread, against the scalar loop: 1.7x (the second convolution's, runs of 10; 1,040 against 630 us of CPU a step).
 */
final class VectorAddLoop implements AddLoop {

    private static final VectorSpecies<Double> SPECIES = VectorLoops.SPECIES.vectorBitSize() > 256
            ? DoubleVector.SPECIES_256 : VectorLoops.SPECIES;
    private static final int LANES = SPECIES.length();

    /**
     * The last vector is summed first, from {@code out} as it was, and stored last: its lanes that the whole vectors
     * also cover get the same sums of the same values.
     */
    @Override
    public void add(double[] x, int from, double[] out, int to, int n) {
        if (n < LANES) {
            SCALAR.add(x, from, out, to, n);
            return;
        }
        int last = n - LANES;
        DoubleVector end = DoubleVector.fromArray(SPECIES, out, to + last)
                .lanewise(VectorOperators.ADD, DoubleVector.fromArray(SPECIES, x, from + last));
        for (int i = 0; i < last; i += LANES) {
            DoubleVector.fromArray(SPECIES, out, to + i)
                    .lanewise(VectorOperators.ADD, DoubleVector.fromArray(SPECIES, x, from + i))
                    .intoArray(out, to + i);
        }
        end.intoArray(out, to + last);
    }
}
