package dev.tinytorch.examples.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table with aligned columns, the first left-aligned (labels) and the others right-aligned (figures),
 * with a rule under the header: readable in a terminal and pasteable into a Markdown code block.
 */
public final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column titles. */
    public TextTable(List<String> header) {
        if (header.isEmpty()) {
            throw new IllegalArgumentException("TextTable: no columns");
        }
        this.header = List.copyOf(header);
    }

    /**
     * Adds a row.
     *
     * @throws IllegalArgumentException if it has not one cell per column
     */
    public TextTable add(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("TextTable: row " + cells + " has " + cells.size() + " cells for "
                    + header.size() + " columns " + header);
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /** The table, one line per row, each ending in a newline. */
    public String render() {
        int[] widths = new int[header.size()];
        for (List<String> row : allRows()) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, widths);
        String[] rule = new String[widths.length];
        for (int c = 0; c < widths.length; c++) {
            rule[c] = "-".repeat(widths[c]);
        }
        line(sb, Arrays.asList(rule), widths);
        for (List<String> row : rows) {
            line(sb, row, widths);
        }
        return sb.toString();
    }

    private List<List<String>> allRows() {
        List<List<String>> all = new ArrayList<>(rows);
        all.add(header);
        return all;
    }

    private static void line(StringBuilder sb, List<String> cells, int[] widths) {
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            if (c > 0) {
                sb.append("  ").append(pad).append(cell);
            } else {
                sb.append(cell).append(c == cells.size() - 1 ? "" : pad);
            }
        }
        sb.append('\n');
    }
}
