package dev.tinytorch.backend.plain.f64;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loops of {@link SplitConvolution}'s direct convolution with the Vector API, vectors along an image's output
 * plane, which its {@link SplitConvolution shifted copies} make one contiguous run for every tap: output pixel
 * {@code q} (of {@code plane}) reads tap {@code t}'s input at {@code shifted[taps[t] + q]}.
 */
final class DirectConvolution {

    private static final VectorSpecies<Double> SPECIES = VectorLoops.SPECIES;
    private static final int LANES = VectorLoops.LANES;

    private DirectConvolution() {
    }

    /** Whether {@link #convolve} handles output planes of {@code plane} pixels: at least one vector. */
    static boolean handles(int plane) {
        return plane >= LANES;
    }

    /**
     * {@link ScalarKernels#convolve}: two output channels and four vectors of the plane at a time, so that each load
     * serves two weights and each weight four loads. The last block of the plane is moved back to end at the plane's
     * end, and with an odd number of channels the last pair is the last channel twice: some pixels are computed
     * twice, the same values.
     */
    static void convolve(double[] shifted, int plane, int tapCount, double[] weight, int outChannels, int[] taps,
            double[] out, int at, int channelStride) {
        int last = plane - LANES;
        for (int c = 0; c < outChannels; c += 2) {
            int c1 = Math.min(c + 1, outChannels - 1);
            int w0 = c * tapCount;
            int w1 = c1 * tapCount;
            int o0 = at + c * channelStride;
            int o1 = at + c1 * channelStride;
            for (int q = 0; q < plane; q += 4 * LANES) {
                int q0 = Math.min(q, last);
                int q1 = Math.min(q + LANES, last);
                int q2 = Math.min(q + 2 * LANES, last);
                int q3 = Math.min(q + 3 * LANES, last);
                DoubleVector s00 = DoubleVector.zero(SPECIES);
                DoubleVector s01 = s00;
                DoubleVector s02 = s00;
                DoubleVector s03 = s00;
                DoubleVector s10 = s00;
                DoubleVector s11 = s00;
                DoubleVector s12 = s00;
                DoubleVector s13 = s00;
                for (int t = 0; t < tapCount; t++) {
                    DoubleVector a = DoubleVector.broadcast(SPECIES, weight[w0 + t]);
                    DoubleVector b = DoubleVector.broadcast(SPECIES, weight[w1 + t]);
                    int tap = taps[t];
                    DoubleVector x0 = DoubleVector.fromArray(SPECIES, shifted, tap + q0);
                    DoubleVector x1 = DoubleVector.fromArray(SPECIES, shifted, tap + q1);
                    DoubleVector x2 = DoubleVector.fromArray(SPECIES, shifted, tap + q2);
                    DoubleVector x3 = DoubleVector.fromArray(SPECIES, shifted, tap + q3);
                    s00 = x0.fma(a, s00);
                    s01 = x1.fma(a, s01);
                    s02 = x2.fma(a, s02);
                    s03 = x3.fma(a, s03);
                    s10 = x0.fma(b, s10);
                    s11 = x1.fma(b, s11);
                    s12 = x2.fma(b, s12);
                    s13 = x3.fma(b, s13);
                }
                s00.intoArray(out, o0 + q0);
                s01.intoArray(out, o0 + q1);
                s02.intoArray(out, o0 + q2);
                s03.intoArray(out, o0 + q3);
                s10.intoArray(out, o1 + q0);
                s11.intoArray(out, o1 + q1);
                s12.intoArray(out, o1 + q2);
                s13.intoArray(out, o1 + q3);
            }
        }
    }

    /**
     * {@link ScalarKernels#convolveWeightGradient}, the sums spread over a vector's lanes: pixel {@code q} of the
     * plane's whole vectors goes to lane {@code q % L}, the pixels after them to lane 0. Two output channels and
     * four taps at a time, so that each load of the gradient serves four taps and each load of the image two
     * channels. Where the channels or the taps run out, the last one is repeated and its repeat's sums go to the
     * scratch lanes after the partial sums.
     */
    static void weightGradient(double[] grad, int at, int channelStride, double[] shifted, int plane, int tapCount,
            int outChannels, int[] taps, double[] partial, int pi) {
        int sink = pi + outChannels * tapCount * LANES;
        for (int c = 0; c < outChannels; c += 2) {
            int g0 = at + c * channelStride;
            int c1 = c + 1 < outChannels ? c + 1 : c;
            int g1 = at + c1 * channelStride;
            for (int t = 0; t < tapCount; t += 4) {
                int p00 = pi + (c * tapCount + t) * LANES;
                int p10 = c1 > c ? p00 + tapCount * LANES : sink;
                int p01 = t + 1 < tapCount ? p00 + LANES : sink;
                int p02 = t + 2 < tapCount ? p00 + 2 * LANES : sink;
                int p03 = t + 3 < tapCount ? p00 + 3 * LANES : sink;
                int p11 = c1 > c && t + 1 < tapCount ? p10 + LANES : sink;
                int p12 = c1 > c && t + 2 < tapCount ? p10 + 2 * LANES : sink;
                int p13 = c1 > c && t + 3 < tapCount ? p10 + 3 * LANES : sink;
                eightSums(grad, g0, g1, shifted, plane, taps[t], taps[Math.min(t + 1, tapCount - 1)],
                        taps[Math.min(t + 2, tapCount - 1)], taps[Math.min(t + 3, tapCount - 1)], partial,
                        p00, p01, p02, p03, p10, p11, p12, p13);
            }
        }
    }

    /**
     * The sums of {@link #weightGradient} for gradient planes {@code g0} and {@code g1} by taps {@code tap0 ..
     * tap3}, added to the lanes at {@code partial[p00]} ({@code g0}, {@code tap0}) to {@code partial[p13]}.
     */
    private static void eightSums(double[] grad, int g0, int g1, double[] shifted, int plane, int tap0, int tap1,
            int tap2, int tap3, double[] partial, int p00, int p01, int p02, int p03, int p10, int p11, int p12,
            int p13) {
        DoubleVector s00 = DoubleVector.zero(SPECIES);
        DoubleVector s01 = s00;
        DoubleVector s02 = s00;
        DoubleVector s03 = s00;
        DoubleVector s10 = s00;
        DoubleVector s11 = s00;
        DoubleVector s12 = s00;
        DoubleVector s13 = s00;
        int q = 0;
        for (int whole = SPECIES.loopBound(plane); q < whole; q += LANES) {
            DoubleVector a = DoubleVector.fromArray(SPECIES, grad, g0 + q);
            DoubleVector b = DoubleVector.fromArray(SPECIES, grad, g1 + q);
            DoubleVector x0 = DoubleVector.fromArray(SPECIES, shifted, tap0 + q);
            DoubleVector x1 = DoubleVector.fromArray(SPECIES, shifted, tap1 + q);
            DoubleVector x2 = DoubleVector.fromArray(SPECIES, shifted, tap2 + q);
            DoubleVector x3 = DoubleVector.fromArray(SPECIES, shifted, tap3 + q);
            s00 = x0.fma(a, s00);
            s01 = x1.fma(a, s01);
            s02 = x2.fma(a, s02);
            s03 = x3.fma(a, s03);
            s10 = x0.fma(b, s10);
            s11 = x1.fma(b, s11);
            s12 = x2.fma(b, s12);
            s13 = x3.fma(b, s13);
        }
        DoubleVector.fromArray(SPECIES, partial, p00).add(s00).intoArray(partial, p00);
        DoubleVector.fromArray(SPECIES, partial, p01).add(s01).intoArray(partial, p01);
        DoubleVector.fromArray(SPECIES, partial, p02).add(s02).intoArray(partial, p02);
        DoubleVector.fromArray(SPECIES, partial, p03).add(s03).intoArray(partial, p03);
        DoubleVector.fromArray(SPECIES, partial, p10).add(s10).intoArray(partial, p10);
        DoubleVector.fromArray(SPECIES, partial, p11).add(s11).intoArray(partial, p11);
        DoubleVector.fromArray(SPECIES, partial, p12).add(s12).intoArray(partial, p12);
        DoubleVector.fromArray(SPECIES, partial, p13).add(s13).intoArray(partial, p13);
        for (; q < plane; q++) {
            double a = grad[g0 + q];
            double b = grad[g1 + q];
            partial[p00] += a * shifted[tap0 + q];
            partial[p01] += a * shifted[tap1 + q];
            partial[p02] += a * shifted[tap2 + q];
            partial[p03] += a * shifted[tap3 + q];
            partial[p10] += b * shifted[tap0 + q];
            partial[p11] += b * shifted[tap1 + q];
            partial[p12] += b * shifted[tap2 + q];
            partial[p13] += b * shifted[tap3 + q];
        }
    }
}
