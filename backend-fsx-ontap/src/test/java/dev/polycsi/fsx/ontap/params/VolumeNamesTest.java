package dev.polycsi.fsx.ontap.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeNamesTest {

    /** ONTAP's volume names, as FSx's guide states them, and FSx's length limit. */
    private static final Pattern ONTAP_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,202}");

    @ParameterizedTest
    @ValueSource(strings = {"pvc-3f0c2a43-7bb4-4c46-9a4e-0d1f3c5e9b21", "pvc-00000000-0000-0000-0000-000000000000",
            "pvc-ffffffff-ffff-4fff-bfff-ffffffffffff"})
    void externalProvisionerNamesBecomeTridentsNames(String pvName) {
        assertEquals(pvName.replace('-', '_'), VolumeNames.ontapName(pvName));
    }

    @ParameterizedTest
    @CsvSource({"data, data", "Data-1, Data_1", "a, a", "x--y, x__y"})
    void namesOfLettersDigitsAndHyphensOnlyHaveTheirHyphensReplaced(String csiName, String ontapName) {
        assertEquals(ontapName, VolumeNames.ontapName(csiName));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "my.volume|my_volume",
            "a_b|a_b",
            "_leading|_leading",
            "-leading|_leading",
            "1st-volume|_1st_volume",
            "9|_9",
            "''|_",
            "volume with spaces|volume_with_spaces",
            "vølume|v_lume",
            "emoji-\uD83D\uDE00|emoji__",
    })
    void otherNamesEndInAHashOfTheCsiName(String csiName, String mapped) {
        assertEquals(mapped + "_" + sha256(csiName).substring(0, 10), VolumeNames.ontapName(csiName));
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsOneUnderscore() {
        assertTrue(VolumeNames.ontapName("a\uD83D\uDE00b").startsWith("a_b_"));
    }

    @Test
    void namesThatOnlyUnderscoresAndHyphensTellApartStayApart() {
        assertEquals("a_b", VolumeNames.ontapName("a-b"));
        assertNotEquals(VolumeNames.ontapName("a-b"), VolumeNames.ontapName("a_b"));
        assertNotEquals(VolumeNames.ontapName("pvc-1"), VolumeNames.ontapName("pvc_1"));
        assertNotEquals(VolumeNames.ontapName("a.b"), VolumeNames.ontapName("a:b"));
        assertNotEquals(VolumeNames.ontapName("1a"), VolumeNames.ontapName("_1a"));
    }

    @Test
    void longNamesAreCutToFsxsLimitKeepingTheirHash() {
        String longest = "v".repeat(VolumeNames.MAX_LENGTH);
        assertEquals(longest, VolumeNames.ontapName(longest), "203 characters fit as they are");
        String tooLong = longest + "w";
        String ontapName = VolumeNames.ontapName(tooLong);
        assertEquals(VolumeNames.MAX_LENGTH, ontapName.length());
        assertEquals("v".repeat(192) + "_" + sha256(tooLong).substring(0, 10), ontapName);
        assertNotEquals(ontapName, VolumeNames.ontapName(longest + "x"), "names that differ past the cut stay apart");
    }

    @Test
    void tenThousandRandomNamesGiveLegalDeterministicAndDistinctOntapNames() {
        Random random = new Random(20261206);
        Set<String> names = new LinkedHashSet<>();
        while (names.size() < 10_000) {
            String name = randomName(random);
            names.add(name);
            names.add(name.replace('-', '_')); // its twin, which hyphens-to-underscores alone would merge with it
        }
        Map<String, String> byOntapName = new HashMap<>();
        for (String name : names) {
            String ontapName = VolumeNames.ontapName(name);
            assertTrue(ONTAP_NAME.matcher(ontapName).matches(), () -> "'" + name + "' gave the illegal '" + ontapName + "'");
            assertEquals(ontapName, VolumeNames.ontapName(name), "the same name gives the same ONTAP name");
            String earlier = byOntapName.put(ontapName, name);
            assertEquals(null, earlier, () -> "'" + name + "' and '" + earlier + "' both gave '" + ontapName + "'");
        }
    }

    /** PV names, and names of any length from ASCII, Latin-1, CJK and emoji. */
    private static String randomName(Random random) {
        String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
        return switch (random.nextInt(3)) {
            case 0 -> "pvc-" + uuid;
            default -> {
                String[] alphabet = {"a", "Z", "0", "9", "-", "_", ".", " ", "é", "ß", "卷", "\uD83D\uDE00", "/", ":", "\t"};
                int length = random.nextInt(10) == 0 ? 150 + random.nextInt(300) : random.nextInt(12);
                StringBuilder name = new StringBuilder();
                for (int i = 0; i < length; i++) {
                    name.append(alphabet[random.nextInt(alphabet.length)]);
                }
                yield name.toString();
            }
        };
    }

    @Test
    void junctionPaths() {
        assertEquals("/pvc_1", VolumeNames.junctionPath("/", "pvc_1"));
        assertEquals("/k8s/pvc_1", VolumeNames.junctionPath("/k8s", "pvc_1"));
        assertEquals("/k8s/prod/pvc_1", VolumeNames.junctionPath("/k8s/prod", "pvc_1"));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
