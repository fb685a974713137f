package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void labelsAlignLeftAndFiguresRight() {
        String text = new TextTable(List.of("what", "plain", "nd4j"))
                .add(List.of("gemm 64", "12.5", "3"))
                .add(List.of("seed", "1", "1234.5"))
                .render();
        assertEquals(String.join("\n",
                "what     plain    nd4j",
                "-------  -----  ------",
                "gemm 64   12.5       3",
                "seed         1  1234.5",
                ""), text);
    }

    @Test
    void aRowMustHaveOneCellPerColumn() {
        TextTable table = new TextTable(List.of("a", "b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.add(List.of("1")));
        assertEquals("TextTable: row [1] has 1 cells for 2 columns [a, b]", e.getMessage());
    }
}
