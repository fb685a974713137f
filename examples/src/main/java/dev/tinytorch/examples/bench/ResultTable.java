package dev.tinytorch.examples.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The comparison as a table: one row per workload and unit, one column per backend and precision holding the
 * median and the range, and a last column naming the column with the best median.
 */
public final class ResultTable {

    private ResultTable() {
    }

    /**
     * Renders {@code results}, rows in order of first appearance, columns in the order of {@code columns}
     * ({@link Result#column()}).
     */
    public static String render(List<Result> results, List<String> columns) {
        List<String> header = new ArrayList<>();
        header.add("workload, unit: median (min..max)");
        header.addAll(columns);
        header.add("best");
        TextTable table = new TextTable(header);
        for (Map.Entry<String, Map<String, Result>> row : byRow(results).entrySet()) {
            List<String> cells = new ArrayList<>();
            cells.add(row.getKey());
            for (String column : columns) {
                Result r = row.getValue().get(column);
                cells.add(r == null ? "-" : Figures.cell(r.stats()));
            }
            cells.add(best(row.getValue().values()).map(Result::column).orElse("-"));
            table.add(cells);
        }
        return table.render();
    }

    /** The results grouped by {@link Result#row()}, then by column, in order of first appearance. */
    static Map<String, Map<String, Result>> byRow(List<Result> results) {
        Map<String, Map<String, Result>> rows = new LinkedHashMap<>();
        for (Result r : results) {
            rows.computeIfAbsent(r.row(), k -> new LinkedHashMap<>()).put(r.column(), r);
        }
        return rows;
    }

    /** The result with the best median (the first on ties), if any. */
    public static Optional<Result> best(Iterable<Result> candidates) {
        Result best = null;
        for (Result r : candidates) {
            if (best == null || (r.higherIsBetter() ? r.stats().median() > best.stats().median()
                    : r.stats().median() < best.stats().median())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }
}
