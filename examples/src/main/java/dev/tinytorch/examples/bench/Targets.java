package dev.tinytorch.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The performance targets of issue 4 (and issue 15's LeNet-5 targets, numbered 5, and issue 16's recurrent ones,
 * numbered 6), checked against one run's
 * medians and the reference figures measured beside it, each with the ratio it is judged by. Targets are judged here, in a benchmark, never in a timed unit test.
 */
public final class Targets {

    /** GEMM sizes at which the plain backend should reach numpy's GFLOPS. */
    static final int[] SMALL_SQUARES = {32, 64, 128, 256};
    static final int LARGE_SQUARE = 1024;

    /**
     * One target and how this run fares.
     *
     * @param target      which target, as numbered in the issue
     * @param requirement what it asks, as a ratio
     * @param measured    the project's figure
     * @param reference   the reference figure it is compared with
     * @param ratio       the ratio the requirement is stated in (NaN without a reference)
     * @param verdict     {@code met}, {@code NOT met}, or why it could not be judged
     */
    public record Check(String target, String requirement, String measured, String reference, double ratio,
                        String verdict) {
    }

    private Targets() {
    }

    /** Every target that this run and {@code reference} allow to judge. */
    public static List<Check> evaluate(List<Result> results, List<Crossover.Point> sweep, ReferenceFigures reference) {
        List<Check> checks = new ArrayList<>();
        best(results, MlpWorkload.SEED_NAME, "us/step").ifPresent(r -> checks.add(atLeast(
                "1 seed MLP step", "torch/best >= 10x", r, reference.get(ReferenceFigures.TORCH_SEED), "torch",
                10, false)));
        best(results, MlpWorkload.MNIST_NAME, "samples/s").ifPresent(r -> checks.add(atLeast(
                "2 MNIST MLP f64", "best/torch >= 1.5x", r, reference.get(ReferenceFigures.TORCH_MNIST_F64), "torch",
                1.5, true)));
        best(results, LeNetWorkload.NAME, "samples/s").ifPresent(r -> {
            checks.add(atLeast("5 LeNet-5 f64", "best/torch f64 >= 1.5x", r,
                    reference.get(ReferenceFigures.TORCH_CNN_F64), "torch f64", 1.5, true));
            checks.add(atLeast("5 LeNet-5 f32", "best/torch f32 >= 1x", r,
                    reference.get(ReferenceFigures.TORCH_CNN_F32), "torch f32", 1.0, true));
        });
        recurrent(checks, results, RecurrentWorkload.LSTM_NAME, "6 LSTM",
                reference.get(ReferenceFigures.TORCH_LSTM_F64), reference.get(ReferenceFigures.TORCH_LSTM_F32));
        recurrent(checks, results, RecurrentWorkload.GRU_NAME, "6 GRU",
                reference.get(ReferenceFigures.TORCH_GRU_F64), reference.get(ReferenceFigures.TORCH_GRU_F32));
        for (int n : SMALL_SQUARES) {
            gemm(results, "plain", n).ifPresent(r -> checks.add(atLeast("3 GEMM plain n=" + n, "plain/numpy >= 1x",
                    r, reference.numpyGemm(n), "numpy", 1.0, true)));
        }
        gemm(results, "plain", LARGE_SQUARE).ifPresent(r -> checks.add(atLeast("3 GEMM plain n=" + LARGE_SQUARE,
                "plain/numpy >= 0.75x", r, reference.numpyGemm(LARGE_SQUARE), "numpy", 0.75, true)));
        gemm(results, "nd4j", LARGE_SQUARE).ifPresent(r -> checks.add(atLeast("3 GEMM nd4j n=" + LARGE_SQUARE,
                "nd4j/numpy >= 1x", r, reference.numpyGemm(LARGE_SQUARE), "numpy", 1.0, true)));
        if (!sweep.isEmpty()) {
            OptionalInt n = Crossover.size(sweep);
            checks.add(new Check("3 nd4j crossover", "measured", n.isPresent() ? "from n=" + n.getAsInt()
                    : "none up to n=" + sweep.get(sweep.size() - 1).n(), "-", Double.NaN, "met"));
        }
        for (String workload : List.of(MlpWorkload.SEED_NAME, MlpWorkload.MNIST_NAME, LeNetWorkload.NAME,
                RecurrentWorkload.LSTM_NAME)) {
            find(results, "plain", workload, BackendRun.HEAP_UNIT).ifPresent(r -> checks.add(new Check(
                    "4 plain heap, " + workload, "0 B/step", Figures.format(r.stats().median()) + " B/step", "-",
                    Double.NaN, r.stats().median() < 1 ? "met" : "NOT met")));
        }
        return checks;
    }

    /** Issue 16's targets for a recurrent workload: the best backend at least 2x PyTorch float64, level with float32. */
    private static void recurrent(List<Check> checks, List<Result> results, String workload, String target,
                                  OptionalDouble torchF64, OptionalDouble torchF32) {
        best(results, workload, "samples/s").ifPresent(r -> {
            checks.add(atLeast(target + " f64", "best/torch f64 >= 2x", r, torchF64, "torch f64", 2.0, true));
            checks.add(atLeast(target + " f32", "best/torch f32 >= 1x", r, torchF32, "torch f32", 1.0, true));
        });
    }

    /** The checks as a table. */
    public static String render(List<Check> checks) {
        TextTable table = new TextTable(List.of("target", "requirement", "tinytorch", "reference", "ratio", "verdict"));
        for (Check c : checks) {
            table.add(List.of(c.target(), c.requirement(), c.measured(), c.reference(),
                    Double.isNaN(c.ratio()) ? "-" : Figures.format(c.ratio()) + "x", c.verdict()));
        }
        return table.render();
    }

    /**
     * A check that the ratio reaches {@code needed}: {@code ours / theirs} when a higher figure is better,
     * {@code theirs / ours} for times.
     */
    private static Check atLeast(String target, String requirement, Result ours, OptionalDouble theirs,
                                 String library, double needed, boolean higherIsBetter) {
        String measured = ours.backend() + " " + Figures.format(ours.stats().median()) + " " + ours.unit();
        if (theirs.isEmpty()) {
            return new Check(target, requirement, measured, "-", Double.NaN, "no reference figure");
        }
        double ratio = higherIsBetter ? ours.stats().median() / theirs.getAsDouble()
                : theirs.getAsDouble() / ours.stats().median();
        return new Check(target, requirement, measured,
                String.format(Locale.ROOT, "%s %s %s", library, Figures.format(theirs.getAsDouble()), ours.unit()),
                ratio, ratio >= needed ? "met" : "NOT met");
    }

    private static Optional<Result> gemm(List<Result> results, String backend, int n) {
        return find(results, backend, GemmWorkload.square(n).name(), "GFLOPS");
    }

    private static Optional<Result> best(List<Result> results, String workload, String unit) {
        return ResultTable.best(results.stream()
                .filter(r -> r.workload().equals(workload) && r.unit().equals(unit)).toList());
    }

    private static Optional<Result> find(List<Result> results, String backend, String workload, String unit) {
        return results.stream()
                .filter(r -> r.backend().equals(backend) && r.workload().equals(workload) && r.unit().equals(unit))
                .findFirst();
    }
}
