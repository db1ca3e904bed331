package dev.polycsi.launcher.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "1073741824, 1073741824",
        "1Ki, 1024",
        "500Mi, 524288000",
        "10Gi, 10737418240",
        "2Ti, 2199023255552",
        "1Pi, 1125899906842624"
    })
    void bytesOrABinarySuffix(String text, long bytes) {
        assertEquals(bytes, Sizes.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10GB", "10G", "10gi", "-1", "1.5Gi", "Gi", "ten"})
    void anythingElseIsRefusedWithTheValue(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void moreThanALongHoldsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("8388608Ti"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("99999999999999999999"));
        assertEquals(8388607L << 40, Sizes.parse("8388607Ti"));
    }
}
