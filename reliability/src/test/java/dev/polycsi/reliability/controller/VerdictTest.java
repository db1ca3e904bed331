package dev.polycsi.reliability.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The end check of the campaigns finds what it is there to find. */
class VerdictTest {

    private static Inventory.Resource resource(Kind kind, String id, String name) {
        return new Inventory.Resource(kind, id, Optional.ofNullable(name), "available");
    }

    @Test
    void aDeletedVolumeStillThereIsALeak() {
        Ledger ledger = new Ledger();
        ledger.absent(Kind.EBS_VOLUME, "pvc-1");

        Verdict verdict = Verdict.of(ledger, List.of(resource(Kind.EBS_VOLUME, "vol-1", "pvc-1")), Set.of());

        assertEquals(1, verdict.leaks().size(), verdict.toString());
        assertTrue(verdict.duplicates().isEmpty() && verdict.missing().isEmpty(), verdict.toString());
    }

    @Test
    void twoResourcesOfOneNameAreADuplicateAndNoneIsMissing() {
        Ledger ledger = new Ledger();
        ledger.present(Kind.LUSTRE_FILE_SYSTEM, "pvc-1");
        ledger.present(Kind.ONTAP_BACKUP, "snapshot-1");

        Verdict verdict = Verdict.of(ledger, List.of(resource(Kind.LUSTRE_FILE_SYSTEM, "fs-1", "pvc-1"),
                resource(Kind.LUSTRE_FILE_SYSTEM, "fs-2", "pvc-1")), Set.of());

        assertEquals(1, verdict.duplicates().size(), verdict.toString());
        assertEquals(List.of("FSx backup snapshot-1"), verdict.missing());
    }

    @Test
    void aResourceOfNoNameOrOfAnUnknownNameLeakedButFixturesDidNot() {
        Ledger ledger = new Ledger();
        Inventory.Resource fixture = resource(Kind.EFS_ACCESS_POINT, "fsap-0", null);

        Verdict verdict = Verdict.of(ledger, List.of(fixture, resource(Kind.EBS_SNAPSHOT, "snap-1", null),
                resource(Kind.FILE_CACHE, "fc-1", "pvc-9")), Set.of(Verdict.fixtureKey(fixture)));

        assertEquals(2, verdict.leaks().size(), verdict.toString());
    }

    @Test
    void aNameInDoubtMayBeThereOrNotButNeverTwice() {
        Ledger ledger = new Ledger();
        ledger.inDoubt(Kind.EBS_ATTACHMENT, "pvc-1");
        ledger.inDoubt(Kind.EBS_ATTACHMENT, "pvc-2");

        Verdict verdict = Verdict.of(ledger, List.of(resource(Kind.EBS_ATTACHMENT, "vol-1@i-1", "pvc-1"),
                resource(Kind.EBS_ATTACHMENT, "vol-1@i-2", "pvc-1")), Set.of());

        assertEquals(1, verdict.duplicates().size(), verdict.toString());
        assertTrue(verdict.missing().isEmpty() && verdict.leaks().isEmpty(), verdict.toString());
    }
}
