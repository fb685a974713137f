package dev.tinytorch.examples.bench;

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
 * @param reference a file holding the output of {@code reference.py} (and {@code numpy-gemm.py}), if given
 * @param help      whether only the usage was asked for
 */
public record BenchOptions(boolean quick, Path out, List<String> backends, Optional<Path> reference, boolean help) {

    /** The usage text. */
    public static final String USAGE = String.join("\n",
            "usage: CompareBackends [--quick] [--out DIR] [--backends NAME,...] [--reference FILE]",
            "  --quick             shorter warm-up and fewer samples (rougher figures, about a third of the time)",
            "  --out DIR           where results.csv, crossover.csv, summary.txt and the PNG charts go"
                    + " (default target/bench)",
            "  --backends A,B      compare only these backends, in this order (default: every one available)",
            "  --reference FILE    the output of reference.py (numpy and PyTorch, measured just before): adds the"
                    + " targets table with ratios",
            "  --help              this text");

    public BenchOptions {
        backends = List.copyOf(backends);
    }

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException naming the offending argument
     */
    public static BenchOptions parse(String... args) {
        boolean quick = false;
        boolean help = false;
        Path out = Path.of("target", "bench");
        List<String> backends = List.of();
        Optional<Path> reference = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--quick" -> quick = true;
                case "--help", "-h" -> help = true;
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--reference" -> reference = Optional.of(Path.of(value(args, ++i, arg)));
                case "--backends" -> backends = Arrays.stream(value(args, ++i, arg).split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList();
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return new BenchOptions(quick, out, backends, reference, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** The plan these options select. */
    public Plan plan() {
        return quick ? Plan.quick() : Plan.full();
    }
}
