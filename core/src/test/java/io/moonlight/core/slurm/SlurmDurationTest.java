package io.moonlight.core.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlurmDurationTest {

    @ParameterizedTest
    @CsvSource({
        "90, 1:30:00",
        "30:15, 0:30:15",
        "8:00:00, 8:00:00",
        "1-0, 1-00:00:00",
        "2-12:30, 2-12:30:00",
        "1-01:02:03, 1-01:02:03",
        "480, 8:00:00"})
    void parsesEverySlurmFormat(String text, String slurm) {
        assertEquals(slurm, SlurmDuration.parse("--max-wall", text).toSlurm());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "8h", "8:60:00", "1-24", "-5", "0", "0:00:00", "1:2:3:4", "abc"})
    void refusesMalformedOrZeroTimesNamingTheOption(String text) {
        MoonlightException e = assertThrows(MoonlightException.class, () -> SlurmDuration.parse("--max-wall", text));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(true, e.getMessage().contains("--max-wall"), e.getMessage());
    }
}
