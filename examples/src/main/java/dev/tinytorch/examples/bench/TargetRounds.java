package dev.tinytorch.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges the targets over several rounds of the comparison, as the issues state them: the median ratio over the
 * rounds (each round measured the references just before tinytorch, so the rounds alternate between them), not one
 * run's ratio, which the load of a shared machine moves by tens of percent.
 *
 * <p>Usage: {@code TargetRounds DIR_OR_FILE ...}, each a round's output directory (holding {@value TargetsCsv#FILE})
 * or the file itself; {@code compare-with-reference.sh} runs it when {@code ROUNDS} is set.
 */
public final class TargetRounds {

    /**
     * One target over the rounds.
     *
     * @param target      the target, as {@link Targets} names it
     * @param requirement what it asks
     * @param needed      the ratio it asks for (NaN for a target not stated as a ratio)
     * @param ratios      its ratio in each round, in round order (NaN where a round had no reference or no figure)
     * @param verdicts    each round's verdict
     */
    public record Row(String target, String requirement, double needed, List<Double> ratios, List<String> verdicts) {

        /** The median of the ratios the rounds could compute; NaN if none could. */
        public double medianRatio() {
            double[] known = ratios.stream().mapToDouble(Double::doubleValue).filter(r -> !Double.isNaN(r)).toArray();
            return known.length == 0 ? Double.NaN : Stats.of(known).median();
        }

        /**
         * {@code met} or {@code NOT met} by the median ratio; for a target without a ratio (the heap, the
         * crossover), how many rounds met it.
         */
        public String verdict() {
            if (Double.isNaN(needed)) {
                long met = verdicts.stream().filter("met"::equals).count();
                long judged = verdicts.stream().filter(v -> !ABSENT.equals(v)).count();
                return "met in " + met + " of " + judged;
            }
            double median = medianRatio();
            if (Double.isNaN(median)) {
                return "no reference figure";
            }
            return median >= needed ? "met" : "NOT met";
        }
    }

    /** The verdict of a round that did not judge a target. */
    static final String ABSENT = "not measured";

    private TargetRounds() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: TargetRounds DIR_OR_TARGETS_CSV ...   (the output of each round)");
            System.exit(2);
            return;
        }
        List<List<Targets.Check>> rounds = new ArrayList<>();
        for (String arg : args) {
            Path path = Path.of(arg);
            Path file = Files.isDirectory(path) ? path.resolve(TargetsCsv.FILE) : path;
            if (!Files.isRegularFile(file)) {
                System.err.println("TargetRounds: " + file + " does not exist (did that round run with --reference?)");
                System.exit(2);
                return;
            }
            rounds.add(TargetsCsv.read(file));
        }
        System.out.print(render(combine(rounds), rounds.size()));
    }

    /**
     * Every target of {@code rounds}, in order of first appearance, with its figure from each round (a round that
     * did not judge it gives a NaN ratio and the verdict {@value #ABSENT}).
     */
    public static List<Row> combine(List<List<Targets.Check>> rounds) {
        Map<String, Targets.Check> first = new LinkedHashMap<>();
        rounds.forEach(round -> round.forEach(check -> first.putIfAbsent(check.target(), check)));
        List<Row> rows = new ArrayList<>();
        first.forEach((target, check) -> {
            List<Double> ratios = new ArrayList<>();
            List<String> verdicts = new ArrayList<>();
            for (List<Targets.Check> round : rounds) {
                Targets.Check c = round.stream().filter(x -> x.target().equals(target)).findFirst().orElse(null);
                ratios.add(c == null ? Double.NaN : c.ratio());
                verdicts.add(c == null ? ABSENT : c.verdict());
            }
            rows.add(new Row(target, check.requirement(), check.needed(), List.copyOf(ratios), List.copyOf(verdicts)));
        });
        return rows;
    }

    /** The rows as a table: each round's ratio, their median and the verdict. */
    public static String render(List<Row> rows, int roundCount) {
        List<String> header = new ArrayList<>(List.of("target", "requirement"));
        for (int i = 1; i <= roundCount; i++) {
            header.add("round " + i);
        }
        header.addAll(List.of("median", "verdict"));
        TextTable table = new TextTable(header);
        for (Row row : rows) {
            List<String> cells = new ArrayList<>(List.of(row.target(), row.requirement()));
            for (int i = 0; i < roundCount; i++) {
                cells.add(ratio(row.ratios().get(i), row.verdicts().get(i)));
            }
            cells.add(Double.isNaN(row.medianRatio()) ? "-" : Figures.format(row.medianRatio()) + "x");
            cells.add(row.verdict());
            table.add(cells);
        }
        return table.render();
    }

    private static String ratio(double ratio, String verdict) {
        return Double.isNaN(ratio) ? verdict : Figures.format(ratio) + "x";
    }
}
