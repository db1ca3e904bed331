package dev.polycsi.spi.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterSchemaTest {

    static final Parameter<String> TYPE = Parameter.oneOf("type", "Volume type.", "gp3", "io2").withDefault("gp3");
    static final Parameter<Long> IOPS = Parameter.integer("iops", "Provisioned IOPS.", 100, 256_000);
    static final Parameter<Boolean> ENCRYPTED = Parameter.bool("encrypted", "Encrypt the volume.");
    static final Parameter<String> ZONE = Parameter.string("zone", "Where.").required();

    static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .add(TYPE).add(IOPS).add(ENCRYPTED)
            .addPrefix("tagSpecification_", "Extra tags, key=value.")
            .build();

    @Test
    void parsesTypedValuesAndDefaults() {
        Parameters parsed = SCHEMA.parse(Map.of("iops", "3000", "encrypted", "TRUE", "tagSpecification_1", "team=storage"));
        assertEquals("gp3", parsed.get(TYPE));
        assertEquals(3000L, parsed.get(IOPS));
        assertTrue(parsed.get(ENCRYPTED));
        assertFalse(parsed.isSet(TYPE));
        assertEquals(Map.of("tagSpecification_1", "team=storage"), parsed.withPrefix("tagSpecification_"));
    }

    @Test
    void enumValuesMatchWithoutCaseAndComeBackAsDeclared() {
        assertEquals("io2", SCHEMA.parse(Map.of("type", "IO2")).get(TYPE));
    }

    @Test
    void unknownKeyIsNamedWithTheAllowedOnes() {
        CsiException e = assertThrows(CsiException.class, () -> SCHEMA.parse(Map.of("iopsPerGb", "10")));
        assertEquals(CsiException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("'iopsPerGb'"), e.getMessage());
        assertTrue(e.getMessage().contains("type, iops, encrypted, tagSpecification_*"), e.getMessage());
    }

    @Test
    void badValueNamesKeyValueAndWhatIsAllowed() {
        CsiException range = assertThrows(CsiException.class, () -> SCHEMA.parse(Map.of("iops", "50")));
        assertEquals("parameter 'iops': invalid value '50' (out of range); allowed: an integer from 100 to 256000", range.getMessage());
        CsiException bool = assertThrows(CsiException.class, () -> SCHEMA.parse(Map.of("encrypted", "yes")));
        assertEquals("parameter 'encrypted': invalid value 'yes' (not a boolean); allowed: true or false", bool.getMessage());
        CsiException choice = assertThrows(CsiException.class, () -> SCHEMA.parse(Map.of("type", "gp9")));
        assertTrue(choice.getMessage().contains("one of gp3, io2"), choice.getMessage());
    }

    @Test
    void aValueThatDoesNotMatchSaysWhatIsAllowedOnce() {
        ParameterSchema schema = ParameterSchema.builder()
                .add(Parameter.matching("directoryPerms", "Mode.", "[0-7]{3,4}", "3 or 4 octal digits, e.g. 700"))
                .build();
        CsiException e = assertThrows(CsiException.class, () -> schema.parse(Map.of("directoryPerms", "rwx")));
        assertEquals("parameter 'directoryPerms': invalid value 'rwx'; allowed: 3 or 4 octal digits, e.g. 700", e.getMessage());
    }

    @Test
    void aReasonThatAlreadySaysWhatIsAllowedIsNotFollowedByItAgain() {
        Parameter<String> mode = Parameter.custom("provisioningMode", "enum", "Mode.", "efs-ap", value -> {
            throw new IllegalArgumentException("only efs-ap (access points) is supported");
        });
        CsiException e = assertThrows(CsiException.class, () -> mode.decode("efs-dir"));
        assertEquals("parameter 'provisioningMode': invalid value 'efs-dir' (only efs-ap (access points) is supported)", e.getMessage());
        Parameter<String> rates = Parameter.custom("rates", "rates", "Rates.", "CLASS=RATE/BURST or none", value -> {
            throw new IllegalArgumentException("'" + value + "' has no '='");
        });
        assertEquals("parameter 'rates': invalid value 'fast' ('fast' has no '='); allowed: CLASS=RATE/BURST or none",
                assertThrows(CsiException.class, () -> rates.decode("fast")).getMessage());
    }

    @Test
    void requiredKeyMustBeGiven() {
        ParameterSchema schema = ParameterSchema.builder().add(ZONE).build();
        CsiException e = assertThrows(CsiException.class, () -> schema.parse(Map.of()));
        assertTrue(e.getMessage().contains("'zone' is required"), e.getMessage());
        assertEquals("us-east-1a", schema.parse(Map.of("zone", "us-east-1a")).get(ZONE));
    }

    @Test
    void caseInsensitiveSchemaAcceptsAnyCaseButNotTheSameKeyTwice() {
        ParameterSchema schema = ParameterSchema.builder().caseInsensitiveKeys().add(IOPS).build();
        assertEquals(200L, schema.parse(Map.of("IOPS", "200")).get(IOPS));
        CsiException e = assertThrows(CsiException.class, () -> schema.parse(Map.of("IOPS", "200", "iops", "300")));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
    }

    @Test
    void declaringAKeyTwiceIsABug() {
        assertThrows(IllegalArgumentException.class, () -> ParameterSchema.builder().add(IOPS).add(IOPS));
    }

    @Test
    void listSplitsOnCommas() {
        Parameter<List<String>> zones = Parameter.list("zones", "Zones.");
        assertEquals(List.of("a", "b"), ParameterSchema.builder().add(zones).build().parse(Map.of("zones", " a, ,b ")).get(zones));
    }

    @Test
    void markdownListsEveryParameterFromTheSchema() {
        String markdown = SCHEMA.toMarkdown();
        assertTrue(markdown.startsWith("| Parameter | Type | Default | Allowed | Description |"), markdown);
        assertTrue(markdown.contains("| `type` | enum | `gp3` | one of gp3, io2 | Volume type. |"), markdown);
        assertTrue(markdown.contains("| `iops` | integer |  | an integer from 100 to 256000 | Provisioned IOPS. |"), markdown);
        assertTrue(markdown.contains("| `tagSpecification_*` |"), markdown);
        assertEquals("_No parameters._\n", ParameterSchema.empty().toMarkdown());
    }
}
