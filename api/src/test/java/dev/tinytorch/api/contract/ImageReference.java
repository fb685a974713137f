package dev.tinytorch.api.contract;

import dev.tinytorch.api.ConvGeometry;

/**
 * The image operations written the obvious way, on {@code [batch][channel][row][column]} arrays with the padding
 * made explicit: the answer each backend's im2col, col2im and pooling are held to.
 */
public final class ImageReference {

    private ImageReference() {
    }

    /** The rows of {@code x} ({@code batch x C*H*W}) as {@code [n][c][y][x]}. */
    public static double[][][][] unflatten(double[][] x, ConvGeometry g) {
        double[][][][] out = new double[x.length][g.channels()][g.height()][g.width()];
        for (int n = 0; n < x.length; n++) {
            int i = 0;
            for (int c = 0; c < g.channels(); c++) {
                for (int y = 0; y < g.height(); y++) {
                    for (int v = 0; v < g.width(); v++) {
                        out[n][c][y][v] = x[n][i++];
                    }
                }
            }
        }
        return out;
    }

    /** Pixel {@code (y, v)} of channel {@code c} of image {@code n}, or {@code outside} in the padding. */
    private static double pixel(double[][][][] img, int n, int c, int y, int v, double outside) {
        if (y < 0 || y >= img[n][c].length || v < 0 || v >= img[n][c][0].length) {
            return outside;
        }
        return img[n][c][y][v];
    }

    /** {@code cols[(c, ky, kx)][(n, oy, ox)] = padded x[n][c][oy*sH + ky - pH][ox*sW + kx - pW]}. */
    public static double[][] im2col(double[][] x, ConvGeometry g) {
        double[][][][] img = unflatten(x, g);
        int batch = x.length;
        double[][] cols = new double[g.patchSize()][batch * g.outputPlane()];
        for (int c = 0; c < g.channels(); c++) {
            for (int ky = 0; ky < g.kernelH(); ky++) {
                for (int kx = 0; kx < g.kernelW(); kx++) {
                    int row = (c * g.kernelH() + ky) * g.kernelW() + kx;
                    for (int n = 0; n < batch; n++) {
                        for (int oy = 0; oy < g.outH(); oy++) {
                            for (int ox = 0; ox < g.outW(); ox++) {
                                int col = (n * g.outH() + oy) * g.outW() + ox;
                                cols[row][col] = pixel(img, n, c, oy * g.strideH() + ky - g.padH(),
                                        ox * g.strideW() + kx - g.padW(), 0.0);
                            }
                        }
                    }
                }
            }
        }
        return cols;
    }

    /** A 2-D convolution (cross-correlation, as PyTorch's) of {@code x} with {@code weight} ({@code out x C*kH*kW}). */
    public static double[][] conv2d(double[][] x, double[][] weight, double[] bias, ConvGeometry g) {
        double[][][][] img = unflatten(x, g);
        int outC = weight.length;
        double[][] out = new double[x.length][outC * g.outputPlane()];
        for (int n = 0; n < x.length; n++) {
            for (int o = 0; o < outC; o++) {
                for (int oy = 0; oy < g.outH(); oy++) {
                    for (int ox = 0; ox < g.outW(); ox++) {
                        double s = bias[o];
                        for (int c = 0; c < g.channels(); c++) {
                            for (int ky = 0; ky < g.kernelH(); ky++) {
                                for (int kx = 0; kx < g.kernelW(); kx++) {
                                    s += weight[o][(c * g.kernelH() + ky) * g.kernelW() + kx]
                                            * pixel(img, n, c, oy * g.strideH() + ky - g.padH(),
                                                    ox * g.strideW() + kx - g.padW(), 0.0);
                                }
                            }
                        }
                        out[n][(o * g.outH() + oy) * g.outW() + ox] = s;
                    }
                }
            }
        }
        return out;
    }

    /** Max pooling with PyTorch's rules (padding never wins; the first NaN, else the first maximum, wins). */
    public static double[][] maxPool(double[][] x, ConvGeometry g, int[] winners) {
        return pool(x, g, true, winners);
    }

    /** Average pooling over the kernel area, padding counted as zeros. */
    public static double[][] avgPool(double[][] x, ConvGeometry g) {
        return pool(x, g, false, null);
    }

    private static double[][] pool(double[][] x, ConvGeometry g, boolean max, int[] winners) {
        double[][][][] img = unflatten(x, g);
        double[][] out = new double[x.length][g.pooledSize()];
        int k = 0;
        for (int n = 0; n < x.length; n++) {
            for (int c = 0; c < g.channels(); c++) {
                for (int oy = 0; oy < g.outH(); oy++) {
                    for (int ox = 0; ox < g.outW(); ox++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int bestIndex = -1;
                        double sum = 0.0;
                        for (int ky = 0; ky < g.kernelH(); ky++) {
                            for (int kx = 0; kx < g.kernelW(); kx++) {
                                int y = oy * g.strideH() + ky - g.padH();
                                int v = ox * g.strideW() + kx - g.padW();
                                if (y < 0 || y >= g.height() || v < 0 || v >= g.width()) {
                                    continue;
                                }
                                double p = img[n][c][y][v];
                                sum += p;
                                boolean first = bestIndex < 0;
                                if (first || (!Double.isNaN(best) && (Double.isNaN(p) || p > best))) {
                                    best = p;
                                    bestIndex = (c * g.height() + y) * g.width() + v;
                                }
                            }
                        }
                        int o = (c * g.outH() + oy) * g.outW() + ox;
                        out[n][o] = max ? best : sum / (g.kernelH() * g.kernelW());
                        if (winners != null) {
                            winners[k] = bestIndex;
                        }
                        k++;
                    }
                }
            }
        }
        return out;
    }
    /** The adjoint of {@link #im2col}: each entry of {@code cols} added to the pixel it was copied from. */
    public static double[][] col2im(double[][] cols, int batch, ConvGeometry g) {
        double[][] x = new double[batch][g.imageSize()];
        for (int c = 0; c < g.channels(); c++) {
            for (int ky = 0; ky < g.kernelH(); ky++) {
                for (int kx = 0; kx < g.kernelW(); kx++) {
                    int row = (c * g.kernelH() + ky) * g.kernelW() + kx;
                    for (int n = 0; n < batch; n++) {
                        for (int oy = 0; oy < g.outH(); oy++) {
                            for (int ox = 0; ox < g.outW(); ox++) {
                                int y = oy * g.strideH() + ky - g.padH();
                                int v = ox * g.strideW() + kx - g.padW();
                                if (y >= 0 && y < g.height() && v >= 0 && v < g.width()) {
                                    x[n][(c * g.height() + y) * g.width() + v] +=
                                            cols[row][(n * g.outH() + oy) * g.outW() + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
        return x;
    }

    /** {@code sum a[i][j] * b[i][j]}. */
    public static double dot(double[][] a, double[][] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                s += a[i][j] * b[i][j];
            }
        }
        return s;
    }
}
