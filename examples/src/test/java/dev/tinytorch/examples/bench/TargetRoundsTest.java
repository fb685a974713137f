package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetRoundsTest {

    private static Targets.Check lstm(double ratio) {
        return new Targets.Check("7 LSTM f32", "best/torch f32 >= 1.5x", 1.5, "-", "-", ratio,
                ratio >= 1.5 ? "met" : "NOT met");
    }

    private static Targets.Check heap(boolean met) {
        return new Targets.Check("4 plain heap, LeNet-5", "0 B/step", Double.NaN, "-", "-", Double.NaN,
                met ? "met" : "NOT met");
    }

    @Test
    void aTargetIsJudgedByItsMedianRatioOverTheRounds() {
        List<TargetRounds.Row> rows = TargetRounds.combine(List.of(
                List.of(lstm(1.4), heap(true)),
                List.of(lstm(1.7), heap(true)),
                List.of(lstm(1.2), heap(false)),
                List.of(lstm(1.6), heap(true)),
                List.of(lstm(1.55), heap(true))));

        TargetRounds.Row lstm = rows.get(0);
        assertEquals(List.of(1.4, 1.7, 1.2, 1.6, 1.55), lstm.ratios());
        assertEquals(1.55, lstm.medianRatio(), 1e-12, "the middle of five, not the mean (1.49)");
        assertEquals("met", lstm.verdict(), "two rounds missed it, the median did not");
        assertEquals("met in 4 of 5", rows.get(1).verdict());
    }

    @Test
    void theMedianBelowTheRequirementIsNotMet() {
        TargetRounds.Row row = TargetRounds.combine(List.of(List.of(lstm(1.6)), List.of(lstm(1.4)),
                List.of(lstm(1.45)))).get(0);
        assertEquals(1.45, row.medianRatio(), 1e-12);
        assertEquals("NOT met", row.verdict());
    }

    @Test
    void aRoundWithoutTheTargetKeepsItsColumnAndIsLeftOutOfTheMedian() {
        List<TargetRounds.Row> rows = TargetRounds.combine(List.of(List.of(heap(true)),
                List.of(lstm(2.0), heap(true)), List.of(lstm(1.0), heap(false)), List.of(lstm(1.8))));

        TargetRounds.Row lstm = rows.stream().filter(r -> r.target().equals("7 LSTM f32")).findFirst().orElseThrow();
        assertTrue(Double.isNaN(lstm.ratios().get(0)));
        assertEquals(TargetRounds.ABSENT, lstm.verdicts().get(0));
        assertEquals(1.8, lstm.medianRatio(), 1e-12);
        assertEquals("met in 2 of 3", rows.get(0).verdict());

        String table = TargetRounds.render(rows, 4);
        assertTrue(table.contains("round 4"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("7 LSTM f32") && l.contains(TargetRounds.ABSENT)
                && l.contains("2.00x") && l.contains("1.80x") && l.trim().endsWith("met")), table);
    }

    @Test
    void withoutAnyReferenceThereIsNoVerdict() {
        TargetRounds.Row row = TargetRounds.combine(List.of(List.of(lstm(Double.NaN)))).get(0);
        assertEquals("no reference figure", row.verdict());
    }
}
