package dev.polycsi.fsx.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.param.Parameter;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FsxParametersTest {

    private enum Kind { SCRATCH_2, PERSISTENT_2 }

    private static String refusal(Parameter<?> parameter, String raw) {
        CsiException e = assertThrows(CsiException.class, () -> parameter.decode(raw), raw);
        assertEquals(CsiException.Code.INVALID_ARGUMENT, e.code());
        return e.getMessage();
    }

    @Test
    void choicesAreCaseSensitiveAndSayHowToWriteThem() {
        Parameter<Kind> kind = FsxParameters.choice("deploymentType", "d", Kind.values());
        assertEquals(Kind.PERSISTENT_2, kind.decode("PERSISTENT_2"));
        assertEquals("one of SCRATCH_2, PERSISTENT_2 (case-sensitive)", kind.allowed());
        assertEquals("parameter 'deploymentType': invalid value 'persistent_2' (values are case-sensitive and not trimmed, as in FSx: "
                + "write PERSISTENT_2); allowed: one of SCRATCH_2, PERSISTENT_2 (case-sensitive)", refusal(kind, "persistent_2"));
        assertEquals("parameter 'deploymentType': invalid value ' PERSISTENT_2' (values are case-sensitive and not trimmed, as in "
                + "FSx: write PERSISTENT_2); allowed: one of SCRATCH_2, PERSISTENT_2 (case-sensitive)", refusal(kind, " PERSISTENT_2"));
        assertEquals("parameter 'deploymentType': invalid value 'PERSISTENT_1' (not a known value); allowed: one of SCRATCH_2, "
                + "PERSISTENT_2 (case-sensitive)", refusal(kind, "PERSISTENT_1"));
    }

    @Test
    void choicesByAnotherSpelling() {
        Parameter<Integer> version = FsxParameters.choice("version", "v", List.of(212, 215), n -> "2." + (n - 200));
        assertEquals(215, version.decode("2.15"));
        assertEquals("one of 2.12, 2.15 (case-sensitive)", version.allowed());
        refusal(version, "2.10");
    }

    @Test
    void booleansAreGosParseBool() {
        Parameter<Boolean> bool = FsxParameters.bool("efaEnabled", "e");
        for (String yes : List.of("1", "t", "T", "TRUE", "true", "True")) {
            assertEquals(true, bool.decode(yes), yes);
        }
        for (String no : List.of("0", "f", "F", "FALSE", "false", "False")) {
            assertEquals(false, bool.decode(no), no);
            assertEquals(true, FsxParameters.isFalse(no), no);
        }
        for (String bad : List.of("yes", "tRUE", " true", "")) {
            refusal(bool, bad);
            assertEquals(false, FsxParameters.isFalse(bad), bad);
        }
    }

    @Test
    void numbers() {
        Parameter<Integer> days = FsxParameters.range("automaticBackupRetentionDays", "r", 0, 90);
        assertEquals(0, days.decode("0"));
        assertEquals(90, days.decode("90"));
        assertEquals("parameter 'automaticBackupRetentionDays': invalid value '91' (out of range); allowed: an integer from 0 to 90",
                refusal(days, "91"));
        assertEquals("parameter 'automaticBackupRetentionDays': invalid value '7.0' (not an integer); allowed: an integer from 0 to 90",
                refusal(days, "7.0"));

        List<Integer> tiers = List.of(125, 250, 500, 1000);
        Parameter<Integer> throughput = FsxParameters.oneOfNumbers("perUnitStorageThroughput", "t", tiers,
                "one of " + FsxParameters.list(tiers));
        assertEquals(250, throughput.decode("250"));
        assertEquals("parameter 'perUnitStorageThroughput': invalid value '200' (not a value FSx accepts); allowed: one of 125, 250, "
                + "500, 1000", refusal(throughput, "200"));
        assertEquals(12, FsxParameters.integer("12"));
        assertThrows(IllegalArgumentException.class, () -> FsxParameters.integer("twelve"));
    }

    @Test
    void securityGroupsInTheOrderGivenWithoutTheSpacesAround() {
        Parameter<List<String>> groups = FsxParameters.securityGroupIds("securityGroupIds", "g", Pattern.compile("sg-[0-9a-f]{8}"),
                "sg- and 8 hex digits, separated by commas");
        assertEquals(List.of("sg-0000000b", "sg-0000000a"), groups.decode("sg-0000000b, sg-0000000a"));
        assertEquals("parameter 'securityGroupIds': invalid value 'sg-0000000a,sg-0000000a' (sg-0000000a is given twice); allowed: "
                + "sg- and 8 hex digits, separated by commas", refusal(groups, "sg-0000000a,sg-0000000a"));
        for (String bad : List.of("", "sg-0000000a,", "sg-0000000A", "subnet-0000000a")) {
            assertTrue(refusal(groups, bad).contains("is not a security group ID"), bad);
        }
        StringBuilder many = new StringBuilder("sg-00000000");
        for (int i = 1; i <= FsxParameters.MAX_SECURITY_GROUPS; i++) {
            many.append(",sg-%08x".formatted(i));
        }
        assertTrue(refusal(groups, many.toString()).contains("51 security groups, but FSx takes at most 50"));
    }

    @Test
    void matchingSaysWhatMatchesOnce() {
        Parameter<String> subnet = FsxParameters.matching("subnetId", "s", Pattern.compile("subnet-[0-9a-f]{8}"), "subnet- and 8 hex digits");
        assertEquals("subnet-0123abcd", subnet.decode("subnet-0123abcd"));
        assertEquals("parameter 'subnetId': invalid value 'subnet-0123abcd '; allowed: subnet- and 8 hex digits",
                refusal(subnet, "subnet-0123abcd "));
    }
}
