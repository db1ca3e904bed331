package dev.polycsi.ebs.params;

import static dev.polycsi.ebs.params.Requests.EXT4;
import static dev.polycsi.ebs.params.Requests.METADATA;
import static dev.polycsi.ebs.params.Requests.invalid;
import static dev.polycsi.ebs.params.Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.polycsi.spi.controller.CreationMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeTagsTest {

    private static Map<String, String> tags(Map<String, String> storageClass) {
        return VolumeParameters.resolve(request(storageClass), 100, Map.of()).tags();
    }

    @Test
    void specificationsBecomeTagsWithCreatedForTagsFromTheMetadata() {
        assertEquals(Map.of("team", "shop", "formula", "a=b+c",
                        Tags.PVC_NAME_TAG, "data-db-0", Tags.PVC_NAMESPACE_TAG, "shop", Tags.PV_NAME_TAG, "pvc-1234"),
                tags(Map.of("tagSpecification_1", "team=shop", "tagSpecification_2", "formula=a=b+c")));
    }

    @Test
    void templatesAreFilledWithOrWithoutSpacesInsideTheBraces() {
        Map<String, String> tags = tags(Map.of(
                "tagSpecification_1", "owner={{ .PVCNamespace }}/{{ .PVCName }}",
                "tagSpecification_2", "pv={{.PVName}}",
                "tagSpecification_3", "literal=}} and {",
                "tagSpecification_4", "empty="));
        assertEquals("shop/data-db-0", tags.get("owner"));
        assertEquals("pvc-1234", tags.get("pv"));
        assertEquals("}} and {", tags.get("literal"));
        assertEquals("", tags.get("empty"));
    }

    @Test
    void badTemplatesAreRefusedNamingTheParameter() {
        invalid(() -> tags(Map.of("tagSpecification_1", "x={{ .Namespace }}")), "tagSpecification_1", ".Namespace", "{{ .PVCName }}");
        invalid(() -> tags(Map.of("tagSpecification_7", "x={{ .PVCName | toUpper }}")), "tagSpecification_7");
        invalid(() -> tags(Map.of("tagSpecification_2", "x={{ .PVCName")), "tagSpecification_2", "}}");
    }

    @Test
    void templateFieldsWithoutMetadataAreRefusedWithTheFlagToTurnOn() {
        invalid(() -> VolumeParameters.resolve(request(Map.of("tagSpecification_1", "pvc={{ .PVCName }}"), Map.of(), List.of(EXT4),
                CreationMetadata.NONE), 100, Map.of()), "tagSpecification_1", "--extra-create-metadata");
    }

    @Test
    void withoutMetadataThereAreNoCreatedForTags() {
        Map<String, String> tags = VolumeParameters.resolve(request(Map.of("tagSpecification_1", "a=b"), Map.of(), List.of(EXT4),
                CreationMetadata.NONE), 100, Map.of()).tags();
        assertEquals(Map.of("a", "b"), tags);
    }

    @Test
    void malformedSpecificationsAreRefusedNamingTheParameter() {
        invalid(() -> tags(Map.of("tagSpecification_1", "no-equals-sign")), "tagSpecification_1", "key=value");
        invalid(() -> tags(Map.of("tagSpecification_3", "=value")), "tagSpecification_3", "empty");
        invalid(() -> tags(Map.of("tagSpecification_1", "a=1", "tagSpecification_2", "a=2")), "tagSpecification_1", "tagSpecification_2", "'a'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CSIVolumeName", "CSIVolumeSnapshotName", "KubernetesCluster", "ebs.csi.aws.com/cluster",
            "ebs.csi.aws.com/IOPSPerGb", "kubernetes.io/created-for/pvc/name", "kubernetes.io/cluster/prod", "aws:createdBy"})
    void reservedKeysAreRefused(String key) {
        invalid(() -> tags(Map.of("tagSpecification_1", key + "=x")), "tagSpecification_1", key, "reserved");
    }

    @Test
    void tagPrefixIsCaseSensitive() {
        invalid(() -> tags(Map.of("tagspecification_1", "a=b")), "tagspecification_1");
    }

    @Test
    void ec2TagLimitsAreChecked() {
        invalid(() -> tags(Map.of("tagSpecification_1", "k".repeat(129) + "=v")), "tagSpecification_1", "128");
        invalid(() -> tags(Map.of("tagSpecification_1", "k=" + "v".repeat(257))), "tagSpecification_1", "256");
        assertEquals(256, tags(Map.of("tagSpecification_1", "k".repeat(128) + "=" + "é".repeat(256))).get("k".repeat(128)).length());
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 48; i++) {
            many.put("tagSpecification_" + i, "key" + i + "=v");
        }
        // 48 + the three created-for tags
        invalid(() -> tags(many), "51", "50");
        many.remove("tagSpecification_0");
        assertEquals(50, tags(many).size());
    }

    @Test
    void driverExtraTagsWinOverStorageClassTags() {
        Map<String, String> tags = VolumeParameters.resolve(request(Map.of("tagSpecification_1", "cost-center=42", "tagSpecification_2", "a=b")),
                100, Map.of("cost-center", "platform")).tags();
        assertEquals("platform", tags.get("cost-center"));
        assertEquals("b", tags.get("a"));
    }

    @Test
    void iopsPerGbIsKeptInATagAsTheOfficialDriverDoes() {
        Map<String, String> tags = tags(Map.of("type", "io2", "iopsPerGB", "20"));
        assertEquals("20", tags.get(Tags.IOPS_PER_GB_TAG));
        assertFalse(tags(Map.of("type", "io2", "iops", "2000")).containsKey(Tags.IOPS_PER_GB_TAG));
    }

    @Test
    void volumeAttributesClassTagsWinAndItsDeletionsRemoveStorageClassTags() {
        Map<String, String> tags = VolumeParameters.resolve(request(
                Map.of("tagSpecification_1", "tier=bronze", "tagSpecification_2", "legacy=yes", "tagSpecification_3", "keep=1"),
                Map.of("tagSpecification_1", "tier=gold", "tagSpecification_2", "claim={{ .PVCName }}", "tagDeletion_1", "legacy"),
                List.of(EXT4), METADATA), 100, Map.of()).tags();
        assertEquals("gold", tags.get("tier"));
        assertEquals("data-db-0", tags.get("claim"));
        assertEquals("1", tags.get("keep"));
        assertFalse(tags.containsKey("legacy"));
    }
}
