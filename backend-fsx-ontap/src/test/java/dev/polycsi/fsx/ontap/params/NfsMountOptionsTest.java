package dev.polycsi.fsx.ontap.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NfsMountOptionsTest {

    @Test
    void theDefaultIsHardOverNfs41() {
        assertEquals(List.of("hard", "nfsvers=4.1"), NfsMountOptions.DEFAULT.options());
        assertEquals("hard,nfsvers=4.1", NfsMountOptions.DEFAULT.toString(), "as the volume context and the docs write it");
        assertEquals(NfsMountOptions.DEFAULT, NfsMountOptions.parse("hard,nfsvers=4.1"));
    }

    @Test
    void optionsKeepTheirOrderAndAreNotTrimmedOrMerged() {
        assertEquals(List.of("nconnect=16", "hard", "timeo=600", "rsize=1048576", "wsize=1048576"),
                NfsMountOptions.parse("nconnect=16,hard,timeo=600,rsize=1048576,wsize=1048576").options());
    }

    @Test
    void noOptionsAtAll() {
        assertEquals(List.of(), NfsMountOptions.parse("").options());
        assertEquals("", NfsMountOptions.parse("").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"soft", "softerr", "hard", "nconnect=16", "nfsvers=3", "nfsvers=4", "nfsvers=4.0", "nfsvers=4.1", "nfsvers=4.2",
            "vers=3", "vers=4.2", "sec=sys", "noresvport", "lookupcache=positive", "proto=tcp", "port=2049", "actimeo=30", "nolock",
            "x-systemd.automount"})
    void optionsThatSayHowNfsMountsAreTaken(String option) {
        assertEquals(List.of(option), NfsMountOptions.parse(option).options());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bind", "rbind", "move", "remount", "loop", "loop=/dev/loop0", "offset=0", "sizelimit=1024", "helper=sshfs",
            "x-mount.mkdir", "x-mount.mkdir=0755", "x-mount.subdir=a", "bg"})
    void optionsThatChangeWhatMountDoesAreRefused(String option) {
        refused("hard," + option, option, "changes what mount does");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ro", "rw"})
    void readOnlyComesFromTheAccessModeNotTheOptions(String option) {
        refused("hard," + option, option, "access mode", "leave ro and rw out");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nfsvers=2", "nfsvers=4.3", "nfsvers=4.1.0", "nfsvers=", "nfsvers", "vers=5", "vers=v4"})
    void onlyTheNfsVersionsFsxServes(String option) {
        refused(option, option, "3, 4, 4.0, 4.1, 4.2", "nfsvers=4.1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"nfsvers=3,nfsvers=4.1", "vers=4.1,nfsvers=4.1", "nfsvers=4.1,hard,vers=3"})
    void oneNfsVersion(String text) {
        refused(text, "given twice", "keep one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hard, nfsvers=4.1", " hard", "hard ", "hard\tsoft", "hard\nsoft", "ha\u0000rd", "nconnect=1\u00a06",
            "sec=krb5é"})
    void whitespaceControlAndNonAsciiCharactersAreRefused(String text) {
        refused(text, "space, a control character or a non-ASCII character");
    }

    @ParameterizedTest
    @ValueSource(strings = {",", ",hard", "hard,", "hard,,nfsvers=4.1"})
    void emptyOptionsAreRefused(String text) {
        refused(text, "empty");
    }

    private static void refused(String text, String... said) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NfsMountOptions.parse(text));
        for (String words : said) {
            assertTrue(e.getMessage().contains(words), () -> "'" + words + "' missing from: " + e.getMessage());
        }
    }
}
