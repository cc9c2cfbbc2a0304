package io.moonlight.core.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.moonlight.core.slurm.SacctmgrClient.Association;
import java.util.List;
import org.junit.jupiter.api.Test;

/** sacctmgr's parsable output as Slurm 22.05 prints it (lines copied from the testbed). */
class SacctmgrParsingTest {

    @Test
    void qosWithEveryLimitSet() {
        List<QosLimits> qos = SacctmgrClient.parseQos("moonlight|00:01:00|08:00:00|2|DenyOnLimit\n");
        assertEquals(List.of(new QosLimits("moonlight", 60, 28_800L, 2, List.of("DenyOnLimit"))), qos);
    }

    @Test
    void emptyFieldsMeanNoLimit() {
        List<QosLimits> qos = SacctmgrClient.parseQos("normal|00:00:00|||\n");
        assertEquals(List.of(new QosLimits("normal", 0, null, null, List.of())), qos);
    }

    @Test
    void daysAndSeveralFlags() {
        List<QosLimits> qos = SacctmgrClient.parseQos("long|1-00:02:00|2-12:00:00||DenyOnLimit,NoDecay\n");
        assertEquals(List.of(new QosLimits("long", 86_520, 216_000L, null, List.of("DenyOnLimit", "NoDecay"))), qos);
    }

    @Test
    void noQosIsNoRow() {
        assertEquals(List.of(), SacctmgrClient.parseQos(""));
    }

    @Test
    void associationsOfAnAccountAndItsUsers() {
        List<Association> rows = SacctmgrClient.parseAssociations("mlacct||moonlight,normal\nmlacct|mltest|normal\n");
        assertEquals(List.of(new Association("mlacct", "", List.of("moonlight", "normal")),
                new Association("mlacct", "mltest", List.of("normal"))), rows);
    }

    @Test
    void associationWithoutQos() {
        assertEquals(List.of(new Association("root", "root", List.of())), SacctmgrClient.parseAssociations("root|root|\n"));
    }

    @Test
    void aLineWithTheWrongNumberOfFieldsIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> SacctmgrClient.parseQos("moonlight|00:01:00\n"));
    }

    @Test
    void timesInEverySpellingSacctmgrUses() {
        assertEquals(60L, SacctmgrTable.seconds("00:01:00"));
        assertEquals(90L, SacctmgrTable.seconds("01:30"));
        assertEquals(90_061L, SacctmgrTable.seconds("1-01:01:01"));
        assertNull(SacctmgrTable.seconds(""));
    }
}
