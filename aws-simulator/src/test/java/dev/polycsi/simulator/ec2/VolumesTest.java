package dev.polycsi.simulator.ec2;

import static dev.polycsi.simulator.ec2.Ec2Fixture.ZONE;
import static dev.polycsi.simulator.ec2.Ec2Fixture.assertErrorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ec2.model.CopyVolumesResponse;
import software.amazon.awssdk.services.ec2.model.CreateVolumeRequest;
import software.amazon.awssdk.services.ec2.model.CreateVolumeResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeState;
import software.amazon.awssdk.services.ec2.model.VolumeType;

class VolumesTest {

    @TempDir
    Path dataDir;

    private Ec2Fixture sim;

    @BeforeEach
    void start() {
        sim = Ec2Fixture.start(SimulatorConfig.defaults(dataDir));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aVolumeAskedForUnderFailVolumeCreateEndsInErrorAndCanOnlyBeDeleted() {
        sim.knobs().set("fail.volume.create", "capacity");
        String failing = sim.createVolume();
        sim.knobs().reset();
        String healthy = sim.createVolume();

        Ec2Fixture.await("the failing volume to settle", () -> sim.volume(failing).state() != VolumeState.CREATING);
        assertEquals(VolumeState.ERROR, sim.volume(failing).state());
        assertEquals(VolumeState.AVAILABLE, sim.volume(healthy).state(), "the knob holds only for volumes asked for while it is set");
        assertErrorCode("IncorrectState", () -> sim.ec2.attachVolume(r -> r.volumeId(failing).instanceId(Ec2Fixture.INSTANCE).device("/dev/sdf")));

        sim.ec2.deleteVolume(r -> r.volumeId(failing));
        Ec2Fixture.await("the failed volume to go", () -> sim.ec2.describeVolumes(r -> r.filters(
                Filter.builder().name("volume-id").values(failing).build())).volumes().isEmpty());
    }

    @Test
    void createVolumeAnswersTheNewVolumeWithEc2Defaults() {
        CreateVolumeResponse created = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).size(10).volumeType(VolumeType.GP3)
                .tagSpecifications(volumeTags(Tag.builder().key("CSIVolumeName").value("pvc-1").build())));

        assertTrue(created.volumeId().matches("vol-[0-9a-f]{17}"), created.volumeId());
        assertEquals(VolumeState.CREATING, created.state());
        assertEquals(10, created.size());
        assertEquals(VolumeType.GP3, created.volumeType());
        assertEquals(3000, created.iops());
        assertEquals(125, created.throughput());
        assertEquals(ZONE, created.availabilityZone());
        assertEquals("use1-az1", created.availabilityZoneId());
        assertFalse(created.encrypted());
        assertFalse(created.multiAttachEnabled());
        assertEquals("", created.snapshotId());
        assertEquals(List.of(Tag.builder().key("CSIVolumeName").value("pvc-1").build()), created.tags());
        assertTrue(created.createTime() != null);
        assertEquals(List.of("create " + created.volumeId() + " " + (10L << 30)), sim.storage.calls());

        Volume described = sim.volume(created.volumeId());
        assertEquals(VolumeState.AVAILABLE, described.state());
        assertTrue(described.attachments().isEmpty());
    }

    @Test
    void volumeIsCreatingUntilTheDelayHasPassed() {
        sim.knobs().set("delay.volume.available", "1s");
        String volumeId = sim.createVolume();

        assertEquals(VolumeState.CREATING, sim.volume(volumeId).state());
        Ec2Fixture.await("volume available", () -> sim.volume(volumeId).state() == VolumeState.AVAILABLE);
    }

    @Test
    void defaultTypeIsGp2WithBaselineIops() {
        CreateVolumeResponse small = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).size(10));
        CreateVolumeResponse large = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).size(6000));

        assertEquals(VolumeType.GP2, small.volumeType());
        assertEquals(100, small.iops());
        assertEquals(16000, large.iops());
        assertNull(small.throughput());
    }

    static Stream<Arguments> invalidVolumes() {
        return Stream.of(
                invalid("InvalidParameterValue", "too small", r -> r.volumeType("gp3").size(0)),
                invalid("InvalidParameterValue", "too large", r -> r.volumeType("gp2").size(16385)),
                invalid("InvalidParameterValue", "too small", r -> r.volumeType("io1").size(3).iops(100)),
                invalid("InvalidParameterValue", "too large", r -> r.volumeType("io2").size(65537).iops(100)),
                invalid("InvalidParameterValue", "too small", r -> r.volumeType("st1").size(124)),
                invalid("InvalidParameterValue", "too small", r -> r.volumeType("sc1").size(124)),
                invalid("InvalidParameterValue", "too large", r -> r.volumeType("standard").size(1025)),
                invalid("InvalidParameterValue", "too low", r -> r.volumeType("gp3").size(100).iops(2999)),
                invalid("InvalidParameterValue", "too high", r -> r.volumeType("gp3").size(100).iops(16001)),
                invalid("InvalidParameterValue", "ratio", r -> r.volumeType("gp3").size(10).iops(6000)),
                invalid("InvalidParameterValue", "too low", r -> r.volumeType("gp3").size(100).throughput(124)),
                invalid("InvalidParameterValue", "too high", r -> r.volumeType("gp3").size(100).iops(16000).throughput(1001)),
                invalid("InvalidParameterValue", "ratio", r -> r.volumeType("gp3").size(100).iops(3000).throughput(1000)),
                invalid("InvalidParameterValue", "too high", r -> r.volumeType("io1").size(2000).iops(64001)),
                invalid("InvalidParameterValue", "ratio", r -> r.volumeType("io1").size(10).iops(501)),
                invalid("InvalidParameterValue", "too low", r -> r.volumeType("io2").size(10).iops(99)),
                invalid("InvalidParameterValue", "too high", r -> r.volumeType("io2").size(1000).iops(256001)),
                invalid("InvalidParameterValue", "ratio", r -> r.volumeType("io2").size(10).iops(10001)),
                invalid("InvalidParameterCombination", "iops must be specified", r -> r.volumeType("io1").size(10)),
                invalid("InvalidParameterCombination", "iops is not supported", r -> r.volumeType("gp2").size(10).iops(300)),
                invalid("InvalidParameterCombination", "iops is not supported", r -> r.volumeType("st1").size(500).iops(300)),
                invalid("InvalidParameterCombination", "throughput is not supported", r -> r.volumeType("io2").size(10).iops(100).throughput(200)),
                invalid("InvalidParameterCombination", "Multi-Attach", r -> r.volumeType("gp3").size(10).multiAttachEnabled(true)),
                invalid("InvalidParameterValue", "volumeType", r -> r.volumeType("gp4").size(10)),
                invalid("MissingParameter", "Size", r -> r.volumeType("gp3")),
                invalid("InvalidParameterDependency", "KmsKeyId", r -> r.size(10).kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/x")),
                invalid("InvalidParameterValue", "reserved", r -> r.size(10).tagSpecifications(volumeTags(Tag.builder().key("aws:x").value("1").build()))),
                invalid("InvalidParameterValue", "taggable", r -> r.size(10).tagSpecifications(TagSpecification.builder()
                        .resourceType(ResourceType.SNAPSHOT).tags(Tag.builder().key("a").value("b").build()).build())));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidVolumes")
    void createVolumeValidatesAsEc2Does(String code, String messagePart, Consumer<CreateVolumeRequest.Builder> request) {
        Ec2Exception error = assertThrows(Ec2Exception.class, () -> sim.ec2.createVolume(r -> request.accept(r.availabilityZone(ZONE))));

        assertEquals(code, error.awsErrorDetails().errorCode());
        assertEquals(400, error.statusCode());
        assertTrue(error.awsErrorDetails().errorMessage().contains(messagePart), error.awsErrorDetails().errorMessage());
        assertTrue(sim.storage.calls().isEmpty());
    }

    private static Arguments invalid(String code, String messagePart, Consumer<CreateVolumeRequest.Builder> request) {
        return Arguments.of(code, messagePart, request);
    }

    @Test
    void limitsAreInclusive() {
        sim.ec2.createVolume(r -> r.availabilityZone(ZONE).volumeType("gp3").size(1).iops(3000));
        sim.ec2.createVolume(r -> r.availabilityZone(ZONE).volumeType("gp3").size(32).iops(16000).throughput(1000));
        sim.ec2.createVolume(r -> r.availabilityZone(ZONE).volumeType("io1").size(4).iops(200));
        sim.ec2.createVolume(r -> r.availabilityZone(ZONE).volumeType("io2").size(65536).iops(256000).multiAttachEnabled(true));
        sim.ec2.createVolume(r -> r.availabilityZone(ZONE).volumeType("st1").size(125));
        sim.ec2.createVolume(r -> r.availabilityZone(ZONE).volumeType("standard").size(1024));

        assertEquals(6, sim.ec2.describeVolumes().volumes().size());
    }

    @Test
    void zoneMustBeOneOfTheRegion() {
        assertErrorCode("MissingParameter", () -> sim.ec2.createVolume(r -> r.size(10)));
        assertErrorCode("InvalidZone.NotFound", () -> sim.ec2.createVolume(r -> r.availabilityZone("us-east-1z").size(10)));
        assertErrorCode("InvalidParameterValue", () -> sim.ec2.createVolume(r -> r.availabilityZone("eu-west-1a").size(10)));
        assertErrorCode("InvalidParameterValue", () -> sim.ec2.createVolume(r -> r.availabilityZoneId("use1-az9").size(10)));

        assertEquals("us-east-1b", sim.ec2.createVolume(r -> r.availabilityZoneId("use1-az2").size(10)).availabilityZone());
    }

    @Test
    void encryptionUsesTheDefaultKeyUnlessOneIsNamed() {
        CreateVolumeResponse byDefault = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).size(10).encrypted(true));
        String key = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
        CreateVolumeResponse named = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).size(10).encrypted(true).kmsKeyId(key));

        assertTrue(byDefault.encrypted());
        assertTrue(byDefault.kmsKeyId().startsWith("arn:aws:kms:us-east-1:123456789012:key/"), byDefault.kmsKeyId());
        assertEquals(key, named.kmsKeyId());
        assertEquals(key, sim.volume(named.volumeId()).kmsKeyId());
    }

    @Test
    void dryRunValidatesThenAnswersDryRunOperation() {
        assertErrorCode("InvalidParameterValue", () -> sim.ec2.createVolume(r -> r.availabilityZone(ZONE).volumeType("gp3").size(4)
                .iops(Integer.MAX_VALUE).dryRun(true)));
        Ec2Exception dryRun = assertThrows(Ec2Exception.class, () -> sim.ec2.createVolume(r -> r.availabilityZone(ZONE).size(4).dryRun(true)));

        assertEquals("DryRunOperation", dryRun.awsErrorDetails().errorCode());
        assertEquals(412, dryRun.statusCode());
        assertTrue(sim.ec2.describeVolumes().volumes().isEmpty());
        assertTrue(sim.storage.calls().isEmpty());
    }

    @Test
    void sameClientTokenAndParametersGiveTheSameVolume() {
        CreateVolumeResponse first = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).size(10).volumeType("gp3").clientToken("pvc-1"));
        CreateVolumeResponse again = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).size(10).volumeType("gp3").clientToken("pvc-1"));

        assertEquals(first.volumeId(), again.volumeId());
        assertEquals(VolumeState.AVAILABLE, again.state());
        assertEquals(1, sim.ec2.describeVolumes().volumes().size());
        assertEquals(1, sim.storage.calls().size());
    }

    @Test
    void sameClientTokenWithOtherParametersIsAMismatch() {
        sim.ec2.createVolume(r -> r.availabilityZone(ZONE).size(10).clientToken("pvc-1"));

        Ec2Exception mismatch = assertThrows(Ec2Exception.class,
                () -> sim.ec2.createVolume(r -> r.availabilityZone(ZONE).size(20).clientToken("pvc-1")));

        assertEquals("IdempotentParameterMismatch", mismatch.awsErrorDetails().errorCode());
        assertEquals(1, sim.ec2.describeVolumes().volumes().size());
    }

    @Test
    void concurrentCallsSeeOneConsistentState() throws Exception {
        List<Callable<String>> sameToken = new ArrayList<>();
        List<Callable<String>> ownTokens = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sameToken.add(() -> sim.ec2.createVolume(r -> r.availabilityZone(ZONE).size(10).clientToken("shared")).volumeId());
            ownTokens.add(sim::createVolume);
        }

        Set<String> shared = new HashSet<>();
        Set<String> distinct = new HashSet<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<String> id : threads.invokeAll(sameToken)) {
                shared.add(id.get());
            }
            for (Future<String> id : threads.invokeAll(ownTokens)) {
                distinct.add(id.get());
            }
        }

        assertEquals(1, shared.size());
        assertEquals(20, distinct.size());
        assertEquals(21, sim.ec2.describeVolumes().volumes().size());
        assertEquals(21, sim.storage.calls().size());
    }

    @Test
    void callsWithoutATokenOfTheirOwnGetTheSdksFreshTokenAndNewVolumes() {
        String first = sim.createVolume();
        String second = sim.createVolume();

        assertNotEquals(first, second);
    }

    @Test
    void describeVolumesByIdFailsWholeForAnUnknownOrMalformedId() {
        String volumeId = sim.createVolume();

        Ec2Exception unknown = assertThrows(Ec2Exception.class,
                () -> sim.ec2.describeVolumes(r -> r.volumeIds(volumeId, "vol-0123456789abcdef0")));
        assertEquals("InvalidVolume.NotFound", unknown.awsErrorDetails().errorCode());
        assertTrue(unknown.awsErrorDetails().errorMessage().contains("vol-0123456789abcdef0"));
        assertErrorCode("InvalidVolumeID.Malformed", () -> sim.ec2.describeVolumes(r -> r.volumeIds("my-volume")));
    }

    @Test
    void filtersCombineWithAndAcrossNamesAndOrAcrossValues() {
        String fast = create("gp3", "tier", "fast");
        String slow = create("st1", "tier", "slow");
        String untagged = sim.ec2.createVolume(r -> r.availabilityZone("us-east-1c").size(10)).volumeId();

        assertEquals(Set.of(fast), ids(filter("tag:tier", "fast")));
        assertEquals(Set.of(fast, slow), ids(filter("tag:tier", "fast", "slow")));
        assertEquals(Set.of(fast, slow), ids(filter("tag-key", "tier")));
        assertEquals(Set.of(fast, slow), ids(filter("tag-value", "*s*")));
        assertEquals(Set.of(slow), ids(filter("tag:tier", "?low")));
        assertEquals(Set.of(untagged), ids(filter("availability-zone", "us-east-1c")));
        assertEquals(Set.of(fast, untagged), ids(filter("volume-type", "gp3", "gp2")));
        assertEquals(Set.of(slow), ids(filter("volume-id", slow)));
        assertEquals(Set.of(fast, slow, untagged), ids(filter("status", "available")));
        assertEquals(Set.of(fast), ids(filter("tag:tier", "fast", "slow"), filter("volume-type", "gp3")));
        assertEquals(Set.of(), ids(filter("attachment.instance-id", Ec2Fixture.INSTANCE)));
        assertErrorCode("InvalidParameterValue", () -> sim.ec2.describeVolumes(r -> r.filters(filter("colour", "red"))));
    }

    @Test
    void paginationWalksEveryVolumeOnce() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            created.add(sim.createVolume());
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeVolumesResponse page = sim.ec2.describeVolumes(r -> r.maxResults(5).nextToken(next));
            page.volumes().forEach(v -> seen.add(v.volumeId()));
            pageSizes.add(page.volumes().size());
            token = page.nextToken();
        } while (token != null);

        assertEquals(List.of(5, 5, 2), pageSizes);
        assertEquals(created, seen);
        assertEquals(created, sim.ec2.describeVolumesPaginator(r -> r.maxResults(5)).volumes().stream().map(Volume::volumeId).toList());
    }

    @Test
    void maxResultsIsCheckedAsEc2ChecksIt() {
        for (int i = 0; i < 6; i++) {
            sim.createVolume();
        }
        String volumeId = sim.createVolume();

        assertErrorCode("InvalidParameterValue", () -> sim.ec2.describeVolumes(r -> r.maxResults(4)));
        assertEquals(7, sim.ec2.describeVolumes(r -> r.maxResults(1000)).volumes().size());
        assertErrorCode("InvalidParameterCombination", () -> sim.ec2.describeVolumes(r -> r.maxResults(5).volumeIds(volumeId)));
        assertErrorCode("InvalidPaginationToken", () -> sim.ec2.describeVolumes(r -> r.maxResults(5).nextToken("garbage")));
    }

    @Test
    void aNewVolumeIsInvisibleToDescribeDuringTheConsistencyWindow() {
        String old = sim.createVolume();
        sim.knobs().set("consistency", "1s");
        String fresh = sim.createVolume();

        assertErrorCode("InvalidVolume.NotFound", () -> sim.ec2.describeVolumes(r -> r.volumeIds(fresh)));
        assertEquals(Set.of(old), ids());
        assertEquals(Set.of(), ids(filter("volume-id", fresh)));

        Ec2Fixture.await("volume visible", () -> ids().contains(fresh));
        assertEquals(fresh, sim.volume(fresh).volumeId());
    }

    @Test
    void deletedVolumeIsDeletingThenGone() {
        sim.knobs().set("delay.volume.deleted", "1s");
        String volumeId = sim.createVolume();

        assertTrue(sim.ec2.deleteVolume(r -> r.volumeId(volumeId)).sdkHttpResponse().isSuccessful());

        assertEquals(VolumeState.DELETING, sim.volume(volumeId).state());
        Ec2Fixture.await("volume gone", () -> !ids().contains(volumeId));
        assertErrorCode("InvalidVolume.NotFound", () -> sim.ec2.describeVolumes(r -> r.volumeIds(volumeId)));
        assertErrorCode("InvalidVolume.NotFound", () -> sim.ec2.deleteVolume(r -> r.volumeId(volumeId)));
        assertEquals("delete " + volumeId, sim.storage.calls().getLast());
    }

    @Test
    void aVolumeStillCreatingCannotBeDeleted() {
        sim.knobs().set("delay.volume.available", "10s");
        String volumeId = sim.createVolume();

        assertErrorCode("IncorrectState", () -> sim.ec2.deleteVolume(r -> r.volumeId(volumeId)));
    }

    @Test
    void copyVolumesMakesAVolumeWithTheSourcesData() {
        String source = sim.ec2.createVolume(r -> r.availabilityZone("us-east-1b").size(10).volumeType("io2").iops(500)).volumeId();

        CopyVolumesResponse copied = sim.ec2.copyVolumes(r -> r.sourceVolumeId(source).size(20).clientToken("clone-1")
                .tagSpecifications(volumeTags(Tag.builder().key("CSIVolumeName").value("pvc-2").build())));
        CopyVolumesResponse again = sim.ec2.copyVolumes(r -> r.sourceVolumeId(source).size(20).clientToken("clone-1")
                .tagSpecifications(volumeTags(Tag.builder().key("CSIVolumeName").value("pvc-2").build())));

        Volume copy = copied.volumes().getFirst();
        assertEquals(copy.volumeId(), again.volumes().getFirst().volumeId());
        assertEquals(source, copy.sourceVolumeId());
        assertEquals("us-east-1b", copy.availabilityZone());
        assertEquals(20, copy.size());
        assertEquals(VolumeType.IO2, copy.volumeType());
        assertEquals(500, copy.iops());
        List<String> calls = sim.storage.calls();
        assertEquals(4, calls.size(), calls.toString());
        assertTrue(calls.get(1).startsWith("snapshot " + source + " snap-"), calls.toString());
        assertTrue(calls.get(2).startsWith("create " + copy.volumeId() + " " + (20L << 30) + " snap-"), calls.toString());
        assertTrue(calls.get(3).startsWith("deleteSnapshot snap-"), calls.toString());
        assertErrorCode("InvalidParameterValue", () -> sim.ec2.copyVolumes(r -> r.sourceVolumeId(source).size(5)));
        assertErrorCode("InvalidVolume.NotFound", () -> sim.ec2.copyVolumes(r -> r.sourceVolumeId("vol-0123456789abcdef0")));
    }

    private String create(String type, String tagKey, String tagValue) {
        return sim.ec2.createVolume(r -> r.availabilityZone(ZONE).size(500).volumeType(type)
                .tagSpecifications(volumeTags(Tag.builder().key(tagKey).value(tagValue).build()))).volumeId();
    }

    private static TagSpecification volumeTags(Tag... tags) {
        return TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(tags).build();
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private Set<String> ids(Filter... filters) {
        Set<String> ids = new HashSet<>();
        sim.ec2.describeVolumes(r -> r.filters(filters)).volumes().forEach(v -> ids.add(v.volumeId()));
        return ids;
    }
}
