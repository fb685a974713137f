package dev.tinytorch.backend.plain.f64;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.contract.Reference;
import dev.tinytorch.backend.plain.machine.BandThreads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The input gradient a band of images at a time gives the bits of the whole product on one thread followed by
 * col2im, on teams of one to four threads while another thread keeps the same team busy with its own input
 * gradients (so that some calls find the helpers taken and run alone): each element of {@code W^T G} is the same
 * sum whatever block of columns computes it, and each pixel is summed from its own image's columns in col2im's
 * order. Batches below and above a band, one not a multiple of the band, and below and above the size shared
 * between threads.
 */
class FusedInputGradientTest {

    /** (geometry, output channels, batch). */
    private static final Object[][] CASES = {
        {ConvGeometry.square(6, 14, 14, 5, 1, 0), 16, 64},   // LeNet-5's conv2
        {ConvGeometry.square(6, 14, 14, 5, 1, 0), 16, 13},   // a last band shorter than the others
        {ConvGeometry.square(6, 14, 14, 5, 1, 0), 16, 1},    // one image, on the caller's core
        {ConvGeometry.square(1, 28, 28, 5, 1, 2), 6, 9},     // LeNet-5's conv1: one channel, padded
        {new ConvGeometry(3, 15, 12, 3, 4, 2, 2, 1, 2), 8, 21},  // strides of two, odd sizes
    };
    private static final int[] TEAMS = {1, 2, 3, 4};

    static Stream<ScalarKernels> kernels() {
        return Kernels.available();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void bandsGiveTheBitsOfTheProductThenCol2imOnAnyTeam(ScalarKernels kernels) throws Exception {
        List<BandThreads> teams = new ArrayList<>();
        for (int size : TEAMS) {
            teams.add(new BandThreads(size));
        }
        AtomicReference<BandThreads> underTest = new AtomicReference<>(teams.get(0));
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService load = Executors.newSingleThreadExecutor();
        try {
            Future<?> busy = load.submit(() -> keepBusy(kernels, underTest, stop));
            for (Object[] c : CASES) {
                Case gradient = new Case((ConvGeometry) c[0], (int) c[1], (int) c[2]);
                double[] expected = gradient.unfused(kernels);
                for (BandThreads team : teams) {
                    underTest.set(team);
                    assertSameBits(expected, gradient.fused(kernels, team),
                            kernels + ", " + team.threads() + " threads, " + gradient);
                }
            }
            stop.set(true);
            busy.get();
        } finally {
            stop.set(true);
            load.shutdownNow();
        }
    }

    /** LeNet-5's conv2 input gradient on the team under test, one after another, until {@code stop}. */
    private static void keepBusy(ScalarKernels kernels, AtomicReference<BandThreads> team, AtomicBoolean stop) {
        Case gradient = new Case(ConvGeometry.square(6, 14, 14, 5, 1, 0), 16, 32);
        while (!stop.get()) {
            gradient.fused(kernels, team.get());
        }
    }

    private static void assertSameBits(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + ", by the product then col2im " + expected[i]);
            }
        }
    }

    /** {@code col2im(W^T G)} on fixed random operands. */
    private record Case(ConvGeometry g, int outChannels, int batch) {

        private int columns() {
            return batch * g.outputPlane();
        }

        private double[] weight() {
            return Elements.flatten(Reference.random(outChannels, g.patchSize(), 1));
        }

        private double[] grad() {
            return Elements.flatten(Reference.random(outChannels, columns(), 2));
        }

        /** The product on one thread, then col2im: {@code PlainOps}' two calls. */
        double[] unfused(ScalarKernels kernels) {
            double[] cols = new double[g.patchSize() * columns()];
            new Gemm(kernels, new BandThreads(1)).multiply(true, false, 1.0, weight(), g.patchSize(), grad(),
                    columns(), 0.0, cols, g.patchSize(), columns(), outChannels);
            double[] dx = new double[batch * g.imageSize()];
            kernels.col2im(cols, batch, g, dx, 0, batch);
            return dx;
        }

        double[] fused(ScalarKernels kernels, BandThreads team) {
            FusedInputGradient fused = new FusedInputGradient(new Gemm(kernels, team), kernels, team);
            assertTrue(fused.handles(outChannels, g, batch), this + " is fused");
            double[] dx = new double[batch * g.imageSize()];
            Arrays.fill(dx, Double.NaN);  // overwritten
            fused.compute(weight(), outChannels, grad(), g, batch, dx);
            return dx;
        }

        @Override
        public String toString() {
            return g + ", " + outChannels + " output channels, batch " + batch;
        }
    }
}
