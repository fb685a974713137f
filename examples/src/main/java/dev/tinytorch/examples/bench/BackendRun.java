package dev.tinytorch.examples.bench;

import dev.tinytorch.api.MatrixOps;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures every workload of a {@link Plan} on one backend: the timed figure of each, and for training steps the
 * heap allocated per step as well. Prints one progress line per figure, with how long its warm-up took, since a full
 * run takes minutes.
 */
public final class BackendRun {

    /** Unit of the heap figure a training workload reports beside its time. */
    public static final String HEAP_UNIT = "heap B/step";

    private final Plan plan;
    private final AllocationMeter meter;
    private final PrintStream progress;

    /** A run of {@code plan}, counting allocations with {@code meter} and reporting progress to {@code progress}. */
    public BackendRun(Plan plan, AllocationMeter meter, PrintStream progress) {
        this.plan = plan;
        this.meter = meter;
        this.progress = progress;
    }

    /** Every figure of the plan on {@code ops}, in the plan's order. */
    public List<Result> measure(MatrixOps ops) {
        List<Result> results = new ArrayList<>();
        for (Workload workload : plan.workloads()) {
            Task task = workload.prepare(ops);
            Metric metric = workload.metric();
            Sampler sampler = workload.isTrainingStep() ? plan.trainingSampler() : plan.sampler();
            if (results.isEmpty()) { // the first workload on these ops: none of their kernels is compiled yet
                sampler = sampler.warmingUpAtLeast(plan.firstWarmupNanos());
            }
            Sampler.Timing timing = sampler.time(task);
            double[] nanos = timing.nanosPerOperation();
            double[] figures = new double[nanos.length];
            for (int i = 0; i < nanos.length; i++) {
                figures[i] = metric.of(nanos[i]);
            }
            results.add(report(new Result(ops.name(), ops.dtype(), workload.name(), metric.unit(),
                    metric.higherIsBetter(), Stats.of(figures)), warmUp(timing)));
            if (workload.isTrainingStep()) {
                double[] bytes = new double[plan.allocationRepeats()];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = meter.bytesPerOperation(task, plan.allocationSteps());
                }
                results.add(report(new Result(ops.name(), ops.dtype(), workload.name(), HEAP_UNIT, false,
                        Stats.of(bytes)), ""));
            }
        }
        return results;
    }

    /** The progress line of {@code result}, followed by {@code note}. */
    private Result report(Result result, String note) {
        progress.printf(Locale.ROOT, "  %-10s %-52s %s %s%s%n", result.column(), result.workload(),
                Figures.format(result.stats().median()), result.unit(), note);
        return result;
    }

    /** How long the warm-up took, e.g. {@code " (warm-up 4.2 s, 21 windows)"}, and whether it hit its maximum. */
    static String warmUp(Sampler.Timing timing) {
        return String.format(Locale.ROOT, " (warm-up %.1f s, %d windows%s)", timing.warmUpNanos() / 1e9,
                timing.warmUpWindows(), timing.settled() ? "" : ", not settled");
    }
}
