package dev.polycsi.ebs.params;

import static dev.polycsi.ebs.params.Requests.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MutableParametersTest {

    private static VolumeChange resolve(Map<String, String> vac) {
        return MutableParameters.resolve(MutableParameters.SCHEMA.parse(vac));
    }

    @Test
    void typeIopsAndThroughputChangeTheDisk() {
        VolumeChange change = resolve(Map.of("type", "gp3", "iops", "6000", "throughput", "500"));
        assertEquals(Optional.of("gp3"), change.type());
        assertEquals(Optional.of(6000), change.iops());
        assertEquals(Optional.of(500), change.throughput());
        assertTrue(change.changesDisk());
    }

    @Test
    void tagsOnlyDoNotChangeTheDisk() {
        VolumeChange change = resolve(Map.of("tagSpecification_1", "tier=gold", "tagDeletion_1", "legacy", "tagDeletion_2", "old"));
        assertFalse(change.changesDisk());
        assertEquals(Map.of("tier", "gold"), change.addTags());
        assertEquals(Set.of("legacy", "old"), change.removeTags());
    }

    @Test
    void deprecatedVolumeTypeIsAcceptedAndTypeWins() {
        assertEquals(Optional.of("io2"), resolve(Map.of("volumeType", "io2", "iops", "1000")).type());
        assertEquals(Optional.of("gp3"), resolve(Map.of("volumeType", "io2", "type", "gp3")).type());
    }

    @Test
    void keysAreCaseSensitiveAsInTheOfficialDriver() {
        invalid(() -> resolve(Map.of("IOPS", "3000")), "IOPS");
        invalid(() -> resolve(Map.of("iopsPerGB", "10")), "iopsPerGB");
    }

    @Test
    void iopsPerGBBecomesIopsForTheVolumesSizeAndItsRatioTag() {
        VolumeChange change = resolve(Map.of("iopspergb", "50", "allowautoiopsincreaseonmodify", "true")).forSize(100, "io2", Map.of());
        assertEquals(Optional.of(5000), change.iops());
        assertEquals(Map.of(Tags.IOPS_PER_GB_TAG, "50", Tags.ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY_TAG, "true"), change.addTags());
        // below gp3's minimum is raised to it, as EC2 grants it anyway
        assertEquals(Optional.of(3000), resolve(Map.of("iopspergb", "10")).forSize(100, "gp3", Map.of()).iops());
        assertEquals(Optional.of(16000), resolve(Map.of("iopspergb", "500")).forSize(1000, "gp3", Map.of()).iops(), "capped at gp3's maximum");
    }

    @Test
    void iopsPerGBIsRefusedWithIopsOrForATypeWithoutIops() {
        invalid(() -> resolve(Map.of("iopspergb", "10", "iops", "3000")), "iops", "iopspergb");
        invalid(() -> resolve(Map.of("iopspergb", "10")).forSize(100, "gp2", Map.of()), "iopspergb", "gp2");
        invalid(() -> resolve(Map.of("iopspergb", "0")), "iopspergb");
        invalid(() -> resolve(Map.of("allowautoiopsincreaseonmodify", "yes")), "allowautoiopsincreaseonmodify");
    }

    @Test
    void fixedIopsOrFalseDropTheDriversTagsOnlyWhereTheVolumeHasThem() {
        Map<String, String> tagged = Map.of(Tags.IOPS_PER_GB_TAG, "50", Tags.ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY_TAG, "true");
        VolumeChange change = resolve(Map.of("iops", "4000", "allowautoiopsincreaseonmodify", "false")).forSize(100, "io2", tagged);
        assertEquals(Set.of(Tags.IOPS_PER_GB_TAG, Tags.ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY_TAG), change.removeTags());
        assertEquals(Set.of(), resolve(Map.of("iops", "4000", "allowautoiopsincreaseonmodify", "false")).forSize(100, "io2", Map.of())
                .removeTags());
        assertEquals(Map.of(), resolve(Map.of("iopspergb", "50")).forSize(100, "io2", tagged).addTags(), "the tag is there already");
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        invalid(() -> resolve(Map.of("type", "gp9")), "type");
        invalid(() -> resolve(Map.of("iops", "-1")), "iops");
        invalid(() -> resolve(Map.of("throughput", "fast")), "throughput");
        invalid(() -> resolve(Map.of("type", "gp2", "iops", "3000")), "iops", "gp2");
        invalid(() -> resolve(Map.of("type", "io2", "throughput", "300")), "throughput", "io2");
        invalid(() -> resolve(Map.of("iops", "3000", "throughput", "1000")), "throughput");
    }

    @Test
    void tagsFollowTheSameRules() {
        invalid(() -> resolve(Map.of("tagSpecification_1", "CSIVolumeName=x")), "tagSpecification_1", "reserved");
        invalid(() -> resolve(Map.of("tagDeletion_1", "CSIVolumeName")), "tagDeletion_1", "reserved");
        invalid(() -> resolve(Map.of("tagDeletion_4", "")), "tagDeletion_4", "empty");
        invalid(() -> resolve(Map.of("tagSpecification_1", "novalue")), "tagSpecification_1");
        invalid(() -> resolve(Map.of("tagSpecification_1", "a=1", "tagDeletion_1", "a")), "'a'");
    }

    @Test
    void templatesUseTheResizersMetadataAndNeedIt() {
        VolumeChange change = resolve(Map.of("tagSpecification_1", "claim={{ .PVCNamespace }}/{{ .PVCName }}",
                "csi.storage.k8s.io/pvc/name", "data-db-0", "csi.storage.k8s.io/pvc/namespace", "shop", "csi.storage.k8s.io/pv/name", "pvc-1"));
        assertEquals(Map.of("claim", "shop/data-db-0"), change.addTags());
        assertFalse(change.changesDisk());
        invalid(() -> resolve(Map.of("tagSpecification_1", "claim={{ .PVCName }}")), "tagSpecification_1", "--extra-modify-metadata");
    }

    @Test
    void checkApplicableToLooksAtTheTypeAfterTheChange() {
        VolumeChange iopsOnly = resolve(Map.of("iops", "4000"));
        iopsOnly.checkApplicableTo("gp3");
        invalid(() -> iopsOnly.checkApplicableTo("gp2"), "iops", "gp2");
        invalid(() -> resolve(Map.of("throughput", "200")).checkApplicableTo("io1"), "throughput", "io1");
        resolve(Map.of("type", "gp3", "throughput", "200")).checkApplicableTo("gp2");
        resolve(Map.of("tagSpecification_1", "a=b")).checkApplicableTo("sbg1");
    }
}
