package dev.polycsi.ebs.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException.Code;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;

/** Device names, the error mapper, the modification merge and list tokens. */
class CloudPartsTest {

    @Test
    void deviceNamesRunFromXvdaaAndSkipWhatIsTakenHeldOrRefused() {
        assertEquals("/dev/xvdaa", DeviceNames.ALL.getFirst());
        assertEquals("/dev/xvdba", DeviceNames.ALL.get(26));
        assertEquals("/dev/xvddx", DeviceNames.ALL.getLast());
        DeviceNames names = new DeviceNames(Clock.systemUTC());
        String first = names.reserve("i-1", Set.of("/dev/xvda"));
        String second = names.reserve("i-1", Set.of("/dev/xvda"));
        assertEquals("/dev/xvdaa", first);
        assertEquals("/dev/xvdab", second);
        assertEquals("/dev/xvdaa", names.reserve("i-2", Set.of()), "another instance has its own names");
        assertEquals("/dev/xvdac", names.reserve("i-1", Set.of("/dev/xvdaa")));
        names.release("i-1", first);
        names.markLikelyBad("i-1", "/dev/xvdaa");
        assertEquals("/dev/xvdad", names.reserve("i-1", Set.of()), "a refused name is avoided");
    }

    @Test
    void likelyBadNamesComeBackAfterAnHour() {
        MutableClock clock = new MutableClock();
        DeviceNames names = new DeviceNames(clock);
        names.markLikelyBad("i-1", "/dev/xvdaa");
        assertEquals("/dev/xvdab", names.reserve("i-1", Set.of()));
        clock.now = clock.now.plus(Duration.ofMinutes(61));
        assertEquals("/dev/xvdaa", names.reserve("i-1", Set.of()));
    }

    @Test
    void errorMapperTable() {
        assertEquals(Code.NOT_FOUND, Ec2ErrorMapper.codeFor("InvalidVolume.NotFound", 400));
        assertEquals(Code.INVALID_ARGUMENT, Ec2ErrorMapper.codeFor("InvalidZone.NotFound", 400));
        assertEquals(Code.RESOURCE_EXHAUSTED, Ec2ErrorMapper.codeFor("AttachmentLimitExceeded", 400));
        assertEquals(Code.FAILED_PRECONDITION, Ec2ErrorMapper.codeFor("VolumeInUse", 400));
        assertEquals(Code.PERMISSION_DENIED, Ec2ErrorMapper.codeFor("UnauthorizedOperation", 403));
        assertEquals(Code.UNAVAILABLE, Ec2ErrorMapper.codeFor("RequestLimitExceeded", 503));
        assertEquals(Code.UNAVAILABLE, Ec2ErrorMapper.codeFor("SomethingNew", 502));
        assertEquals(Code.INTERNAL, Ec2ErrorMapper.codeFor("SomethingNew", 400));

        Ec2Exception aws = (Ec2Exception) Ec2Exception.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AuthFailure").errorMessage("bad key").build()).build();
        EbsCloudException mapped = Ec2ErrorMapper.map("CreateVolume x", aws);
        assertEquals(Code.PERMISSION_DENIED, mapped.code());
        assertEquals("AuthFailure", mapped.awsErrorCode());
        assertTrue(mapped.getMessage().contains("bad key"));
        assertEquals(Code.UNAVAILABLE, Ec2ErrorMapper.map("x", SdkClientException.create("connection refused")).code());
    }

    @Test
    void modificationsMergeAndConflictsFail() {
        DiskModification size = DiskModification.size(20);
        DiskModification iops = new DiskModification(Optional.empty(), Optional.empty(), Optional.of(4000), Optional.empty());
        DiskModification merged = ModifyCoalescer.merge(size, iops, "vol-1");
        assertEquals(new DiskModification(Optional.of(20L), Optional.empty(), Optional.of(4000), Optional.empty()), merged);
        assertEquals(merged, ModifyCoalescer.merge(merged, size, "vol-1"), "the same value twice is no conflict");
        EbsCloudException conflict = assertThrows(EbsCloudException.class, () -> ModifyCoalescer.merge(merged, DiskModification.size(30), "vol-1"));
        assertEquals(Code.INVALID_ARGUMENT, conflict.code());
    }

    @Test
    void snapshotTokensPassEc2sThroughAndCarryCuts() {
        assertEquals(new SnapshotTokens.Position(Optional.empty(), 0), SnapshotTokens.parse(""));
        assertEquals(new SnapshotTokens.Position(Optional.of("abc"), 0), SnapshotTokens.parse("abc"));
        var cut = new SnapshotTokens.Position(Optional.of("abc"), 3);
        assertEquals(cut, SnapshotTokens.parse(SnapshotTokens.format(cut)));
        assertEquals(Code.ABORTED, assertThrows(EbsCloudException.class, () -> SnapshotTokens.parse("polycsi1:%%%")).code());
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
