package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.kernels.f64.ImageKernels;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ImageKernels#col2im(double[], int, ConvGeometry, double[], int, int)} with the Vector API, for windows that
 * move by one column and output rows no wider than a vector (LeNet-5's conv2 in float32: runs of 10 in 16 lanes).
 *
 * <p>The same order as {@link ImageKernels}: the columns matrix row by row, each row's runs (one output row of one
 * image, {@code outW} elements) added to the image row they came from. A run is added as one vector: the run loaded
 * with whatever follows it, the lanes outside the run set to {@code +0.0} (a selection, since the neighbours may be
 * anything, NaN included), and the image's row read, added to and written back a whole vector wide. The extra
 * lanes add {@code +0.0} to pixels of the same image, whose sums start at {@code +0.0} and so are never {@code -0.0}:
 * they keep their bits, and every pixel gets {@link ImageKernels}' terms in its order, so the same bits.
 *
 * <p>An image's runs are added even output rows first, then odd ones: a run's vector overlaps the next output row's
 * first lanes, and reading them right after the store of the row before stalled the store forwarding. A run whose
 * vector would reach outside its image (pixels another thread may be writing) or past the columns matrix is added
 * element by element.
 */
final class VectorImages {

    private static final VectorSpecies<Double> SPECIES = VectorLoops.SPECIES;
    private static final int LANES = VectorLoops.LANES;
    /** Lane indices, to compare with a run's first and last lanes. */
    private static final double[] IOTA = iota();

    private VectorImages() {
    }

    /** Whether {@link #col2im} handles {@code g}: windows moving by one column, output rows no wider than a vector. */
    static boolean handles(ConvGeometry g) {
        return g.strideW() == 1 && g.outW() <= LANES;
    }

    /** {@link ImageKernels#col2im(double[], int, ConvGeometry, double[], int, int)} where {@link #handles} says so. */
    static void col2im(double[] cols, int batch, ConvGeometry g, double[] x, int from, int to) {
        int width = batch * g.outputPlane();
        int imageSize = g.imageSize();
        Arrays.fill(x, from * imageSize, to * imageSize, 0.0);
        int row = 0;
        for (int c = 0; c < g.channels(); c++) {
            for (int ky = 0; ky < g.kernelH(); ky++) {
                for (int kx = 0; kx < g.kernelW(); kx++, row++) {
                    for (int n = from; n < to; n++) {
                        addRuns(cols, row * width + n * g.outputPlane(), g, c, ky, kx, x, n * imageSize);
                    }
                }
            }
        }
    }

    /**
     * Adds the runs of one image in row {@code (c, ky, kx)} of the columns matrix, starting at {@code cols[o]}, into
     * the image at {@code x[image]}. One flat loop over the output rows, no vector carried from one to the next.
     */
    private static void addRuns(double[] cols, int o, ConvGeometry g, int c, int ky, int kx, double[] x, int image) {
        int outH = g.outH();
        int outW = g.outW();
        int w = g.width();
        int lo = Math.max(0, g.padW() - kx);  // output columns whose input column is inside the image
        int hi = Math.max(lo, Math.min(outW, w + g.padW() - kx));
        int channel = image + c * g.height() * w - g.padW() + kx;  // + iy * w + ox
        int imageEnd = image + g.imageSize();
        int evens = (outH + 1) / 2;
        DoubleVector zero = DoubleVector.zero(SPECIES);
        // lanes lo .. hi - 1, as one comparison: |lane - middle| < half
        VectorMask<Double> inRun = DoubleVector.fromArray(SPECIES, IOTA, 0).sub((double) (lo + hi - 1) * 0.5).abs()
                .compare(VectorOperators.LT, (double) (hi - lo) * 0.5);
        for (int j = 0; j < outH; j++) {
            int oy = j < evens ? 2 * j : 2 * (j - evens) + 1;
            int iy = oy * g.strideH() - g.padH() + ky;
            if (iy < 0 || iy >= g.height()) {
                continue;
            }
            int in = channel + iy * w;
            int run = o + oy * outW;
            if (in >= image && in + LANES <= imageEnd && run + LANES <= cols.length) {
                DoubleVector v = zero.blend(DoubleVector.fromArray(SPECIES, cols, run), inRun);
                DoubleVector.fromArray(SPECIES, x, in).add(v).intoArray(x, in);
            } else {
                for (int ox = lo; ox < hi; ox++) {
                    x[in + ox] += cols[run + ox];
                }
            }
        }
    }

    private static double[] iota() {
        double[] lanes = new double[LANES];
        for (int i = 0; i < LANES; i++) {
            lanes[i] = i;
        }
        return lanes;
    }
}
