package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CrossoverTest {

    /** Points at sizes 1, 2, 3, ... where the second backend is faster exactly where {@code secondWins} says. */
    private static List<Crossover.Point> sweep(boolean... secondWins) {
        List<Crossover.Point> points = new ArrayList<>();
        for (int i = 0; i < secondWins.length; i++) {
            int n = i + 1;
            Result first = new Result("plain", "n" + n, Crossover.UNIT, false, Stats.of(10));
            Result second = new Result("nd4j", "n" + n, Crossover.UNIT, false, Stats.of(secondWins[i] ? 5 : 20));
            points.add(new Crossover.Point(n, first, second));
        }
        return points;
    }

    @Test
    void theCrossoverIsWhereTheSecondStaysFaster() {
        assertEquals(OptionalInt.of(3), Crossover.size(sweep(false, false, true, true)));
    }

    @Test
    void anEarlyWinFollowedByALossDoesNotCount() {
        assertEquals(OptionalInt.of(4), Crossover.size(sweep(false, true, false, true)));
    }

    @Test
    void noCrossoverWhenTheSecondLosesAtTheLargestSize() {
        assertEquals(OptionalInt.empty(), Crossover.size(sweep(true, true, false)));
        assertEquals("crossover: none up to n = 3; nd4j is not faster than plain at the largest size measured"
                + " (faster at n = 1, 2)", Crossover.verdict(sweep(true, true, false)));
        assertEquals("crossover: none up to n = 2; nd4j is not faster than plain at the largest size measured",
                Crossover.verdict(sweep(false, false)));
    }

    @Test
    void theTableGivesTheRatioOfTheMedians() {
        String[] lines = Crossover.render(sweep(true)).split("\n");
        assertEquals(List.of("1", "10.0", "5.00", "0.500"), List.of(lines[2].trim().split("\\s+")));
    }
}
