package dev.tinytorch.api.kernels.f64;

import dev.tinytorch.api.ConvGeometry;
import java.util.Arrays;

/**
 * The image operations of {@link dev.tinytorch.api.MatrixOps} as loops over row-major {@code double[]}, written
 * once for every backend that holds (or can copy) its matrices as such arrays: not an API for users.
 *
 * <p>Arrays hold whole matrices from index 0 and are assumed well-formed ({@link dev.tinytorch.api.CheckedMatrixOps}
 * checks shapes first). Every sum is taken in one fixed order, so results do not depend on threads.
 */
public final class ImageKernels {

    private ImageKernels() {
    }

    /**
     * Writes the patches of {@code batch} images {@code x} ({@code batch x imageSize}) into {@code cols}
     * ({@code patchSize x batch * outputPlane}): row {@code (c, ky, kx)}, column {@code (n, oy, ox)} holds
     * {@code x[n][c][oy * strideH - padH + ky][ox * strideW - padW + kx]}, or 0 where that is padding.
     */
    public static void im2col(double[] x, int batch, ConvGeometry g, double[] cols) {
        im2col(x, batch, g, cols, 0, batch);
    }

    /**
     * {@link #im2col(double[], int, ConvGeometry, double[])} for images {@code from .. to - 1} of the batch only:
     * their columns of {@code cols}, so that threads can share a batch.
     */
    public static void im2col(double[] x, int batch, ConvGeometry g, double[] cols, int from, int to) {
        int outH = g.outH();
        int outW = g.outW();
        int plane = outH * outW;
        int width = batch * plane;
        int imageSize = g.imageSize();
        int row = 0;
        for (int c = 0; c < g.channels(); c++) {
            for (int ky = 0; ky < g.kernelH(); ky++) {
                for (int kx = 0; kx < g.kernelW(); kx++, row++) {
                    int rowBase = row * width;
                    int lo = firstInside(kx, g.padW(), g.strideW(), outW);
                    int hi = Math.max(lo, endInside(kx, g.padW(), g.strideW(), g.width(), outW));
                    for (int n = from; n < to; n++) {
                        int channelBase = n * imageSize + c * g.height() * g.width();
                        int colBase = rowBase + n * plane;
                        for (int oy = 0; oy < outH; oy++) {
                            int iy = oy * g.strideH() - g.padH() + ky;
                            int o = colBase + oy * outW;
                            if (iy < 0 || iy >= g.height()) {
                                Arrays.fill(cols, o, o + outW, 0.0);
                                continue;
                            }
                            int in = channelBase + iy * g.width() - g.padW() + kx;  // + ox * strideW
                            Arrays.fill(cols, o, o + lo, 0.0);
                            if (g.strideW() == 1) {
                                System.arraycopy(x, in + lo, cols, o + lo, hi - lo);
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    cols[o + ox] = x[in + ox * g.strideW()];
                                }
                            }
                            Arrays.fill(cols, o + hi, o + outW, 0.0);
                        }
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col}: overwrites {@code x} ({@code batch x imageSize}) with, for each pixel, the
     * sum of the entries of {@code cols} that {@code im2col} would have copied from it (padding entries are
     * dropped). Sums run in the order of {@code cols}' rows.
     */
    public static void col2im(double[] cols, int batch, ConvGeometry g, double[] x) {
        col2im(cols, batch, g, x, 0, batch);
    }

    /**
     * {@link #col2im(double[], int, ConvGeometry, double[])} for images {@code from .. to - 1} of the batch only:
     * their rows of {@code x}, from their columns of {@code cols}. Each pixel is summed in the order of {@code cols}'
     * rows, so the bits do not depend on how a batch is shared between threads.
     */
    public static void col2im(double[] cols, int batch, ConvGeometry g, double[] x, int from, int to) {
        int outH = g.outH();
        int outW = g.outW();
        int plane = outH * outW;
        int width = batch * plane;
        int imageSize = g.imageSize();
        int strideW = g.strideW();
        Arrays.fill(x, from * imageSize, to * imageSize, 0.0);
        int row = 0;
        for (int c = 0; c < g.channels(); c++) {
            for (int ky = 0; ky < g.kernelH(); ky++) {
                for (int kx = 0; kx < g.kernelW(); kx++, row++) {
                    int rowBase = row * width;
                    int lo = firstInside(kx, g.padW(), strideW, outW);
                    int hi = Math.max(lo, endInside(kx, g.padW(), strideW, g.width(), outW));
                    for (int n = from; n < to; n++) {
                        int channelBase = n * imageSize + c * g.height() * g.width();
                        int colBase = rowBase + n * plane;
                        for (int oy = 0; oy < outH; oy++) {
                            int iy = oy * g.strideH() - g.padH() + ky;
                            if (iy < 0 || iy >= g.height()) {
                                continue;
                            }
                            int in = channelBase + iy * g.width() - g.padW() + kx;  // + ox * strideW
                            int o = colBase + oy * outW;
                            for (int ox = lo; ox < hi; ox++) {
                                x[in + ox * strideW] += cols[o + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Views {@code x} as {@code rows x blocks} blocks of {@code block} elements and writes its block transpose into
     * {@code out} ({@code blocks x rows * block}): block {@code j} of row {@code i} becomes block {@code i} of row
     * {@code j}. Blocks of one element, a plain transpose, go eight rows of {@code x} at a time, so that each
     * {@code out} row receives a cache line's worth of consecutive elements per pass (a recurrent layer's 256x64
     * {@code W_hh}: about 17 us, against 25 to 110 us by one copy call per element and 80 to 115 us row by row).
     */
    public static void transposeBlocks(double[] x, int rows, int blocks, int block, double[] out) {
        transposeBlocks(x, rows, blocks, block, out, 0, rows);
    }

    /**
     * {@link #transposeBlocks(double[], int, int, int, double[])} for rows {@code [from, to)} of {@code x} only,
     * which write blocks {@code [from, to)} of every {@code out} row and nothing else.
     */
    public static void transposeBlocks(double[] x, int rows, int blocks, int block, double[] out, int from, int to) {
        if (block == 1) {
            for (int i0 = from; i0 < to; i0 += 8) {
                int i1 = Math.min(i0 + 8, to);
                for (int j = 0; j < blocks; j++) {
                    for (int i = i0; i < i1; i++) {
                        out[j * rows + i] = x[i * blocks + j];
                    }
                }
            }
            return;
        }
        int inWidth = blocks * block;
        int outWidth = rows * block;
        for (int i = from; i < to; i++) {
            for (int j = 0; j < blocks; j++) {
                System.arraycopy(x, i * inWidth + j * block, out, j * outWidth + i * block, block);
            }
        }
    }

    /**
     * Max pooling of {@code batch} images {@code x} into {@code out} ({@code batch x pooledSize}), each channel on
     * its own, padding ignored. {@code winners} receives, for each output element in row-major order, the index
     * within its input row of the element chosen: the first NaN of the window, or else its first largest element.
     */
    public static void maxPool(double[] x, int batch, ConvGeometry g, double[] out, int[] winners) {
        maxPool(x, batch, g, out, winners, 0, batch);
    }

    /**
     * {@link #maxPool(double[], int, ConvGeometry, double[], int[])} for images {@code from .. to - 1} of the batch
     * only. Windows of 2 x 2 that move by 2 without padding, the common pooling, take a loop of their own.
     */
    public static void maxPool(double[] x, int batch, ConvGeometry g, double[] out, int[] winners, int from,
                               int to) {
        if (g.kernelH() == 2 && g.kernelW() == 2 && g.strideH() == 2 && g.strideW() == 2 && g.padH() == 0
                && g.padW() == 0) {
            maxPoolTwoByTwo(x, g, out, winners, from, to);
            return;
        }
        int outH = g.outH();
        int outW = g.outW();
        int h = g.height();
        int w = g.width();
        int imageSize = g.imageSize();
        int o = from * g.pooledSize();
        for (int n = from; n < to; n++) {
            int imageBase = n * imageSize;
            for (int c = 0; c < g.channels(); c++) {
                int channel = c * h * w;
                for (int oy = 0; oy < outH; oy++) {
                    int y0 = Math.max(oy * g.strideH() - g.padH(), 0);
                    int y1 = Math.min(oy * g.strideH() - g.padH() + g.kernelH(), h);
                    for (int ox = 0; ox < outW; ox++, o++) {
                        int x0 = Math.max(ox * g.strideW() - g.padW(), 0);
                        int x1 = Math.min(ox * g.strideW() - g.padW() + g.kernelW(), w);
                        int best = channel + y0 * w + x0;
                        double max = x[imageBase + best];
                        search:
                        for (int iy = y0; iy < y1; iy++) {
                            for (int ix = x0; ix < x1; ix++) {
                                if (max != max) {
                                    break search;  // a NaN is the maximum: the first one wins
                                }
                                int i = channel + iy * w + ix;
                                double v = x[imageBase + i];
                                if (!(v <= max)) {  // larger, or NaN
                                    best = i;
                                    max = v;
                                }
                            }
                        }
                        out[o] = max;
                        winners[o] = best;
                    }
                }
            }
        }
    }

    /**
     * {@link #maxPool} with 2 x 2 windows moving by 2, no padding. Which of the four candidates wins is as random as
     * the data, and C2 compiled even selections ({@code b > max ? b : max}) to branches, mispredicted about every
     * other window (64 images of 6 x 28 x 28 in float32: 14 ns a window, 3.2x faster on sorted data). So the
     * winner is found by arithmetic, {@link #larger}, as a tree: the first largest of each row's pair, then the
     * lower pair's if strictly larger, which is the first largest of the window (same data: 3.3x). A window whose
     * sum is not finite, holding NaN or an infinity, is searched as in the general case.
     */
    private static void maxPoolTwoByTwo(double[] x, ConvGeometry g, double[] out, int[] winners, int from, int to) {
        int outH = g.outH();
        int outW = g.outW();
        int w = g.width();
        int channelSize = g.height() * w;
        int imageSize = g.imageSize();
        int o = from * g.pooledSize();
        for (int n = from; n < to; n++) {
            int imageBase = n * imageSize;
            for (int c = 0; c < g.channels(); c++) {
                int channel = imageBase + c * channelSize;
                for (int oy = 0; oy < outH; oy++) {
                    int top = channel + 2 * oy * w;
                    for (int ox = 0; ox < outW; ox++, o++) {
                        int i = top + 2 * ox;
                        double a = x[i];
                        double b = x[i + 1];
                        double c2 = x[i + w];
                        double d = x[i + w + 1];
                        if (!Double.isFinite(a + b + c2 + d)) {
                            searchTwoByTwo(x, i, w, out, winners, o, imageBase);
                            continue;
                        }
                        int upperAt = i + larger(a, b);
                        int lowerAt = i + w + larger(c2, d);
                        int best = upperAt + (lowerAt - upperAt) * larger(x[upperAt], x[lowerAt]);
                        out[o] = x[best];
                        winners[o] = best - imageBase;
                    }
                }
            }
        }
    }

    /**
     * 1 if {@code q > p}, else 0, without a branch, for finite {@code p} and {@code q}: {@code q - p} is then positive
     * exactly when {@code q > p} (it is zero only when they are equal), and adding 0 turns the {@code -0.0} of
     * {@code -0.0 - 0.0} into {@code +0.0}, so that the sign bit of a non-positive difference is clear too.
     */
    private static int larger(double p, double q) {
        long bits = Double.doubleToRawLongBits(q - p + 0.0);
        return (int) (-bits >>> 63);
    }

    /** One 2 x 2 window at {@code x[i]} searched as {@link #maxPool} defines it: the first NaN, or the first largest. */
    private static void searchTwoByTwo(double[] x, int i, int w, double[] out, int[] winners, int o, int imageBase) {
        int best = i;
        for (int k = 1; k < 4 && x[best] == x[best]; k++) {  // a NaN is the maximum: the first one wins
            int at = i + (k >> 1) * w + (k & 1);
            if (!(x[at] <= x[best])) {  // larger, or NaN
                best = at;
            }
        }
        double max = x[best];
        out[o] = max;
        winners[o] = best - imageBase;
    }

    /**
     * The gradient of {@link #maxPool}: overwrites {@code gradIn} ({@code batch x imageSize}) with zeros and adds
     * each element of {@code gradOut} ({@code batch x pooledSize}) to the input its window chose.
     */
    public static void maxPoolBackward(double[] gradOut, int batch, ConvGeometry g, int[] winners, double[] gradIn) {
        maxPoolBackward(gradOut, g, winners, gradIn, 0, batch);
    }

    /** {@link #maxPoolBackward(double[], int, ConvGeometry, int[], double[])} for images {@code from .. to - 1}. */
    public static void maxPoolBackward(double[] gradOut, ConvGeometry g, int[] winners, double[] gradIn, int from,
                                       int to) {
        int imageSize = g.imageSize();
        int pooled = g.pooledSize();
        Arrays.fill(gradIn, from * imageSize, to * imageSize, 0.0);
        for (int n = from, o = from * pooled; n < to; n++) {
            int imageBase = n * imageSize;
            for (int j = 0; j < pooled; j++, o++) {
                gradIn[imageBase + winners[o]] += gradOut[o];
            }
        }
    }

    /**
     * Average pooling: each output is the sum of its window's pixels divided by {@code kernelH * kernelW}, padding
     * counting as zeros (PyTorch's {@code count_include_pad=True}).
     */
    public static void avgPool(double[] x, int batch, ConvGeometry g, double[] out) {
        int outH = g.outH();
        int outW = g.outW();
        int h = g.height();
        int w = g.width();
        int imageSize = g.imageSize();
        double area = g.kernelH() * g.kernelW();
        int o = 0;
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < g.channels(); c++) {
                int channel = n * imageSize + c * h * w;
                for (int oy = 0; oy < outH; oy++) {
                    int y0 = Math.max(oy * g.strideH() - g.padH(), 0);
                    int y1 = Math.min(oy * g.strideH() - g.padH() + g.kernelH(), h);
                    for (int ox = 0; ox < outW; ox++, o++) {
                        int x0 = Math.max(ox * g.strideW() - g.padW(), 0);
                        int x1 = Math.min(ox * g.strideW() - g.padW() + g.kernelW(), w);
                        double sum = 0.0;
                        for (int iy = y0; iy < y1; iy++) {
                            for (int ix = x0; ix < x1; ix++) {
                                sum += x[channel + iy * w + ix];
                            }
                        }
                        out[o] = sum / area;
                    }
                }
            }
        }
    }

    /**
     * The gradient of {@link #avgPool}: overwrites {@code gradIn} with zeros, then adds to each pixel
     * {@code gradOut / (kernelH * kernelW)} of every window it is in.
     */
    public static void avgPoolBackward(double[] gradOut, int batch, ConvGeometry g, double[] gradIn) {
        int outH = g.outH();
        int outW = g.outW();
        int h = g.height();
        int w = g.width();
        int imageSize = g.imageSize();
        double area = g.kernelH() * g.kernelW();
        Arrays.fill(gradIn, 0, batch * imageSize, 0.0);
        int o = 0;
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < g.channels(); c++) {
                int channel = n * imageSize + c * h * w;
                for (int oy = 0; oy < outH; oy++) {
                    int y0 = Math.max(oy * g.strideH() - g.padH(), 0);
                    int y1 = Math.min(oy * g.strideH() - g.padH() + g.kernelH(), h);
                    for (int ox = 0; ox < outW; ox++, o++) {
                        int x0 = Math.max(ox * g.strideW() - g.padW(), 0);
                        int x1 = Math.min(ox * g.strideW() - g.padW() + g.kernelW(), w);
                        double share = gradOut[o] / area;
                        for (int iy = y0; iy < y1; iy++) {
                            for (int ix = x0; ix < x1; ix++) {
                                gradIn[channel + iy * w + ix] += share;
                            }
                        }
                    }
                }
            }
        }
    }
    /** The first output column whose input column {@code ox * stride - pad + k} is not left of the image. */
    private static int firstInside(int k, int pad, int stride, int outW) {
        return Math.min(Math.max(0, -Math.floorDiv(k - pad, stride)), outW);
    }

    /** One past the last output column whose input column {@code ox * stride - pad + k} is inside the image. */
    private static int endInside(int k, int pad, int stride, int width, int outW) {
        return Math.max(0, Math.min(outW, Math.floorDiv(width - 1 + pad - k, stride) + 1));
    }
}
