package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void aboutThreeSignificantDigitsWithoutExponents() {
        assertEquals("1235", Figures.format(1234.5));
        assertEquals("123", Figures.format(123.4));
        assertEquals("12.3", Figures.format(12.345));
        assertEquals("1.23", Figures.format(1.2345));
        assertEquals("0.0123", Figures.format(0.012345));
        assertEquals("0", Figures.format(0));
        assertEquals("-12.3", Figures.format(-12.345));
        assertEquals("NaN", Figures.format(Double.NaN));
    }

    @Test
    void aCellIsTheMedianWithTheRange() {
        assertEquals("12.3 (11.9..12.8)", Figures.cell(Stats.of(11.9, 12.3, 12.8)));
        assertEquals("5.00", Figures.cell(Stats.of(5)));
    }
}
