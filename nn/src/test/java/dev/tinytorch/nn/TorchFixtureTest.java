package dev.tinytorch.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.data.Dataset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PyTorch fixture parses, has the shapes its generator documents, and is read in tinytorch's layout. */
class TorchFixtureTest {

    private final TorchFixture fixture = TorchFixture.get();
    private final MatrixOps ops = Backends.getDefault();

    private static int out(int size, int kernel, int stride, int padding) {
        return (size + 2 * padding - kernel) / stride + 1;
    }

    @Test
    void recordsTheTorchVersionAndDescribesEachCase() {
        assertEquals("1.13.0a0", fixture.metadata("torch_version"));
        assertEquals("in 3, out 4, kernel 3x2, stride 2x1, padding 1x0, input 2x3x7x6",
                fixture.metadata("conv.case2"));
        assertEquals(194, fixture.names().size());
    }

    @Test
    void convolutionCasesHaveConsistentShapes() {
        for (int k = 1; k <= 6; k++) {
            String p = "conv.case" + k + ".";
            int[] x = fixture.shape(p + "input");
            int[] w = fixture.shape(p + "weight");
            int[] kernel = fixture.ints(p + "kernel");
            int[] stride = fixture.ints(p + "stride");
            int[] padding = fixture.ints(p + "padding");
            assertEquals(x[1], w[1], p);
            assertArrayEquals(new int[] {w[0], x[1], kernel[0], kernel[1]}, w, p);
            assertArrayEquals(new int[] {w[0]}, fixture.shape(p + "bias"), p);
            int[] y = {x[0], w[0], out(x[2], kernel[0], stride[0], padding[0]), out(x[3], kernel[1], stride[1],
                    padding[1])};
            assertArrayEquals(y, fixture.shape(p + "output"), p);
            assertArrayEquals(y, fixture.shape(p + "grad_output"), p);
            assertArrayEquals(x, fixture.shape(p + "grad_input"), p);
            assertArrayEquals(w, fixture.shape(p + "grad_weight"), p);
            assertArrayEquals(new int[] {w[0]}, fixture.shape(p + "grad_bias"), p);
        }
        assertArrayEquals(new int[] {2, 3, 1, 1}, fixture.shape("conv.case6.output"), "kernel = padded input");
    }

    @Test
    void poolingCasesHaveConsistentShapes() {
        List<String> cases = fixture.names().stream().filter(n -> n.contains("pool.case") && n.endsWith(".input"))
                .map(n -> n.substring(0, n.length() - "input".length())).toList();
        assertEquals(8, cases.size(), cases.toString());
        for (String p : cases) {
            int[] x = fixture.shape(p + "input");
            int[] kernel = fixture.ints(p + "kernel");
            int[] stride = fixture.ints(p + "stride");
            int[] y = {x[0], x[1], out(x[2], kernel[0], stride[0], 0), out(x[3], kernel[1], stride[1], 0)};
            assertArrayEquals(y, fixture.shape(p + "output"), p);
            assertArrayEquals(y, fixture.shape(p + "grad_output"), p);
            assertArrayEquals(x, fixture.shape(p + "grad_input"), p);
        }
    }

    @Test
    void theAverageOfEachWindowIsWhatJavaComputesInTheNchwRowLayout() {
        String p = "avgpool.case3.";  // kernel 2x3, stride 2x1: non-square, so a transposed reading would show
        int[] s = fixture.shape(p + "input");
        int[] k = fixture.ints(p + "kernel");
        int[] st = fixture.ints(p + "stride");
        Matrix input = fixture.matrix(ops, p + "input");
        assertEquals(s[0], input.rows());
        assertEquals(s[1] * s[2] * s[3], input.cols());
        double[] x = ops.toRowMajor(input);
        double[] y = fixture.data(p + "output");
        int[] ys = fixture.shape(p + "output");
        int i = 0;
        for (int n = 0; n < ys[0]; n++) {
            for (int c = 0; c < ys[1]; c++) {
                for (int r = 0; r < ys[2]; r++) {
                    for (int q = 0; q < ys[3]; q++) {
                        double sum = 0;
                        for (int a = 0; a < k[0]; a++) {
                            for (int b = 0; b < k[1]; b++) {
                                sum += x[((n * s[1] + c) * s[2] + r * st[0] + a) * s[3] + q * st[1] + b];
                            }
                        }
                        assertEquals(sum / (k[0] * k[1]), y[i++], 1e-15);
                    }
                }
            }
        }
    }

    @Test
    void batchNormCasesRecordTheStateBeforeAndAfter() {
        for (String kind : new String[] {"batchnorm1d", "batchnorm2d"}) {
            int channels = fixture.shape(kind + ".train.input")[1];
            for (String mode : new String[] {"train", "eval"}) {
                String p = kind + "." + mode + ".";
                for (String name : new String[] {"weight", "bias", "running_mean", "running_var",
                        "running_mean_before", "running_var_before", "grad_weight", "grad_bias"}) {
                    assertArrayEquals(new int[] {channels}, fixture.shape(p + name), p + name);
                }
                assertArrayEquals(fixture.shape(p + "input"), fixture.shape(p + "output"));
                assertArrayEquals(fixture.shape(p + "input"), fixture.shape(p + "grad_input"));
                assertEquals(mode.equals("train") ? 1 : 0, fixture.data(p + "num_batches_tracked")[0]);
                boolean changed = !Arrays.equals(fixture.data(p + "running_mean_before"),
                        fixture.data(p + "running_mean"));
                assertEquals(mode.equals("train"), changed, p);
            }
        }
        assertArrayEquals(new int[] {5, 3}, fixture.shape("batchnorm1d.train.input"));
        assertArrayEquals(new int[] {3, 2, 3, 4}, fixture.shape("batchnorm2d.train.input"));
    }

    @Test
    void leNetHasItsStateDictBeforeAndAfterTwentySteps() {
        Map<String, int[]> shapes = Map.of("0.weight", new int[] {6, 1, 5, 5}, "0.bias", new int[] {6},
                "3.weight", new int[] {16, 6, 5, 5}, "3.bias", new int[] {16}, "7.weight", new int[] {120, 400},
                "7.bias", new int[] {120}, "9.weight", new int[] {84, 120}, "9.bias", new int[] {84},
                "11.weight", new int[] {10, 84}, "11.bias", new int[] {10});
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            assertArrayEquals(e.getValue(), fixture.shape("lenet.initial." + e.getKey()), e.getKey());
            assertArrayEquals(e.getValue(), fixture.shape("lenet.final." + e.getKey()), e.getKey());
            assertNotEquals(Arrays.toString(fixture.data("lenet.initial." + e.getKey())),
                    Arrays.toString(fixture.data("lenet.final." + e.getKey())), "trained: " + e.getKey());
        }
        assertEquals(20, fixture.data("lenet.loss").length);
        assertArrayEquals(new int[] {20, 8}, fixture.shape("lenet.batches"));
        assertArrayEquals(new int[] {8, 10}, fixture.shape("lenet.final_logits"));
    }

    @Test
    void theFirstLossIsTheCrossEntropyOfTheInitialLogitsOnTheFirstBatch() {
        Dataset digits = fixture.lenetDigits(ops);
        assertEquals(160, digits.size());
        assertEquals(784, digits.features());
        Dataset batch = fixture.lenetBatch(ops, 0);
        double[] labels = ops.toRowMajor(batch.targets());
        assertArrayEquals(new double[] {1, 7, 9, 1, 9, 3, 2, 2}, labels, "the shipped digits' first labels");
        double[] logits = fixture.data("lenet.initial_logits");
        double loss = 0;
        for (int n = 0; n < 8; n++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 10; c++) {
                max = Math.max(max, logits[n * 10 + c]);
            }
            double sum = 0;
            for (int c = 0; c < 10; c++) {
                sum += Math.exp(logits[n * 10 + c] - max);
            }
            loss += max + Math.log(sum) - logits[n * 10 + (int) labels[n]];
        }
        assertEquals(loss / 8, fixture.data("lenet.loss")[0], 1e-14);
        assertArrayEquals(ops.toRowMajor(digits.subset(new int[] {152, 153}).inputs()),
                ops.toRowMajor(fixture.lenetBatch(ops, 19).subset(new int[] {0, 1}).inputs()), "step 19: 152..159");
    }

    @Test
    void anUnknownNameListsTheNamesOfItsGroup() {
        String message = assertThrows(IllegalArgumentException.class, () -> fixture.tensor("conv.case9.input"))
                .getMessage();
        assertTrue(message.contains("no tensor 'conv.case9.input' in cnn_fixture.safetensors"), message);
        assertTrue(message.contains("conv.case1.bias"), message);
        double[] first = fixture.data("lenet.loss");
        first[0] = 99;
        assertNotEquals(99, fixture.data("lenet.loss")[0], "each call returns a copy");
    }
}
