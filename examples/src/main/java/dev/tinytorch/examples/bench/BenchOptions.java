package dev.tinytorch.examples.bench;

import dev.tinytorch.api.DType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command line of {@link CompareBackends}.
 *
 * @param length    which plan's warm-up and sampling: {@code full} ({@link Plan#full()}), {@code quick}
 *                  ({@link Plan#quick()}) or {@code smoke} ({@link Plan#smoke()}, tiny sizes run once)
 * @param out       the directory the CSV, PNG and text files go to
 * @param backends  the backends to compare, in column order; empty for every one on the class path
 * @param dtypes    the precisions each backend is measured in, in column order (a backend lacking one is skipped in it)
 * @param workloads the {@link Plan#GROUPS workload groups} to measure; empty for all of them
 * @param reference a file holding the output of {@code reference.py} (and {@code numpy-gemm.py}), if given
 * @param help      whether only the usage was asked for
 * @param oneJvm    whether every column (a backend in one precision) is measured in this JVM, one after another,
 *                  rather than each in a JVM of its own ({@link ColumnJvms})
 */
public record BenchOptions(String length, Path out, List<String> backends, List<DType> dtypes, List<String> workloads,
                           Optional<Path> reference, boolean help, boolean oneJvm) {

    /** The values {@link #length()} takes, as their options name them. */
    public static final List<String> LENGTHS = List.of("full", "quick", "smoke");

    /** The usage text. */
    public static final String USAGE = String.join("\n",
            "usage: CompareBackends [--quick | --smoke] [--out DIR] [--backends NAME,...] [--dtypes float64,float32]"
                    + " [--workloads NAME,...] [--reference FILE] [--one-jvm]",
            "  --quick             shorter warm-up and fewer samples (rougher figures, about a third of the time)",
            "  --smoke             every workload at tiny sizes, run once: checks that the program works, no figures",
            "  --out DIR           where results.csv, crossover.csv, targets.csv, summary.txt and the PNG charts go"
                    + " (default target/bench)",
            "  --backends A,B      compare only these backends, in this order (default: every one available)",
            "  --dtypes A,B        measure each backend in these precisions (default: float64,float32; a backend"
                    + " without one is skipped in it)",
            "  --workloads A,B     measure only these of " + String.join(", ", Plan.GROUPS) + " (default: all)",
            "  --reference FILE    the output of reference.py and numpy-gemm.py (measured just before): adds the"
                    + " targets table with ratios",
            "  --one-jvm           measure every backend and precision in this JVM, one after another (by default each"
                    + " runs in a JVM of its own, with this JVM's flags, its files under DIR/" + ColumnJvms.DIR + ")",
            "  --help              this text");

    public BenchOptions {
        if (!LENGTHS.contains(length)) {
            throw new IllegalArgumentException("unknown plan length '" + length + "'; valid: "
                    + String.join(", ", LENGTHS));
        }
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
        String length = "full";
        boolean help = false;
        boolean oneJvm = false;
        Path out = Path.of("target", "bench");
        List<String> backends = List.of();
        List<DType> dtypes = List.of(DType.FLOAT64, DType.FLOAT32);
        List<String> workloads = List.of();
        Optional<Path> reference = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> length = "quick";
                case "--smoke" -> length = "smoke";
                case "--one-jvm" -> oneJvm = true;
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
        BenchOptions options = new BenchOptions(length, out, backends, dtypes, workloads, reference, help, oneJvm);
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

    /** The plan these options select: full, quick or smoke, limited to {@link #workloads()} if any are named. */
    public Plan plan() {
        Plan plan = switch (length) {
            case "quick" -> Plan.quick();
            case "smoke" -> Plan.smoke();
            default -> Plan.full();
        };
        return workloads.isEmpty() ? plan : plan.only(workloads);
    }

    /**
     * The options of the JVM that measures one column of this run: {@code backend} in {@code dtype}, in this JVM
     * (no further JVMs), its files in {@code dir}, without the reference (the targets are judged on the whole run).
     */
    public BenchOptions column(String backend, DType dtype, Path dir) {
        return new BenchOptions(length, dir, List.of(backend), List.of(dtype), workloads, Optional.empty(), false,
                true);
    }

    /** The command line that {@link #parse} reads back into these options. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        if (!length.equals("full")) {
            args.add("--" + length);
        }
        args.addAll(List.of("--out", out.toString()));
        if (!backends.isEmpty()) {
            args.addAll(List.of("--backends", String.join(",", backends)));
        }
        args.addAll(List.of("--dtypes", String.join(",", dtypes.stream().map(DType::id).toList())));
        if (!workloads.isEmpty()) {
            args.addAll(List.of("--workloads", String.join(",", workloads)));
        }
        reference.ifPresent(file -> args.addAll(List.of("--reference", file.toString())));
        if (oneJvm) {
            args.add("--one-jvm");
        }
        if (help) {
            args.add("--help");
        }
        return args;
    }
}
