package dev.tinytorch.examples.bench;

import dev.tinytorch.api.DType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command line of {@link CompareBackends}.
 *
 * @param quick     whether to use the shorter {@link Plan#quick()} instead of {@link Plan#full()}
 * @param out       the directory the CSV, PNG and text files go to
 * @param backends  the backends to compare, in column order; empty for every one on the class path
 * @param dtypes    the precisions each backend is measured in, in column order (a backend lacking one is skipped in it)
 * @param workloads the {@link Plan#GROUPS workload groups} to measure; empty for all of them
 * @param reference a file holding the output of {@code reference.py} (and {@code numpy-gemm.py}), if given
 * @param help      whether only the usage was asked for
 */
public record BenchOptions(boolean quick, Path out, List<String> backends, List<DType> dtypes, List<String> workloads,
                           Optional<Path> reference, boolean help) {

    /** The usage text. */
    public static final String USAGE = String.join("\n",
            "usage: CompareBackends [--quick] [--out DIR] [--backends NAME,...] [--dtypes float64,float32]"
                    + " [--workloads NAME,...] [--reference FILE]",
            "  --quick             shorter warm-up and fewer samples (rougher figures, about a third of the time)",
            "  --out DIR           where results.csv, crossover.csv, targets.csv, summary.txt and the PNG charts go"
                    + " (default target/bench)",
            "  --backends A,B      compare only these backends, in this order (default: every one available)",
            "  --dtypes A,B        measure each backend in these precisions (default: float64,float32; a backend"
                    + " without one is skipped in it)",
            "  --workloads A,B     measure only these of " + String.join(", ", Plan.GROUPS) + " (default: all)",
            "  --reference FILE    the output of reference.py and numpy-gemm.py (measured just before): adds the"
                    + " targets table with ratios",
            "  --help              this text");

    public BenchOptions {
        backends = List.copyOf(backends);
        dtypes = List.copyOf(dtypes);
        workloads = List.copyOf(workloads);
    }

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException naming the offending argument, or the unknown precision or workload with the
     *     valid ones
     */
    public static BenchOptions parse(String... args) {
        boolean quick = false;
        boolean help = false;
        Path out = Path.of("target", "bench");
        List<String> backends = List.of();
        List<DType> dtypes = List.of(DType.FLOAT64, DType.FLOAT32);
        List<String> workloads = List.of();
        Optional<Path> reference = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> quick = true;
                case "--help", "-h" -> help = true;
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--reference" -> reference = Optional.of(Path.of(value(args, ++i, arg)));
                case "--backends" -> backends = list(value(args, ++i, arg));
                case "--dtypes" -> {
                    dtypes = list(value(args, ++i, arg)).stream().map(DType::parse).distinct().toList();
                    if (dtypes.isEmpty()) {
                        throw new IllegalArgumentException("--dtypes needs a value");
                    }
                }
                case "--workloads" -> workloads = list(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        BenchOptions options = new BenchOptions(quick, out, backends, dtypes, workloads, reference, help);
        options.plan(); // rejects an unknown workload now, naming the valid ones
        return options;
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** The plan these options select: full or quick, limited to {@link #workloads()} if any are named. */
    public Plan plan() {
        Plan plan = quick ? Plan.quick() : Plan.full();
        return workloads.isEmpty() ? plan : plan.only(workloads);
    }
}
