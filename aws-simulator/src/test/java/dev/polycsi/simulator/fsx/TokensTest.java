package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.fsx.model.IncompatibleParameterErrorException;

/** FSx's client request tokens: same token and parameters, same file system; other parameters, IncompatibleParameterError. */
class TokensTest extends AbstractFsxTest {

    @Test
    void aRetryWithTheSameTokenAndParametersAnswersTheSameFileSystem() {
        String first = fixture.create("pvc-1", r -> r.tags(t -> t.key("CSIVolumeName").value("pvc-1"))).fileSystemId();

        String retried = fixture.create("pvc-1", r -> r.tags(t -> t.key("CSIVolumeName").value("pvc-1"))).fileSystemId();

        assertEquals(first, retried);
        assertEquals(FsxFixture.withOntapSeed(List.of(first)), fixture.fileSystemIds());
        assertNotEquals(first, fixture.create("pvc-2").fileSystemId(), "another token is another file system");
    }

    @Test
    void theSameTokenWithOtherParametersIsIncompatibleParameterErrorNamingTheFirstThatDiffers() {
        fixture.create("pvc-1");

        IncompatibleParameterErrorException e = assertThrows(IncompatibleParameterErrorException.class,
                () -> fixture.create("pvc-1", r -> r.storageCapacity(2400)));

        assertEquals("IncompatibleParameterError", e.awsErrorDetails().errorCode());
        assertEquals("StorageCapacity", e.parameter());
    }

    @Test
    void aTokenIsForgottenAfterItsTtlAndTheRetryCreatesASecondFileSystem() {
        fixture.knobs().set("tokens.fsx.ttl", "5m");
        String first = fixture.create("pvc-1").fileSystemId();
        fixture.clock.advance(Duration.ofMinutes(4));
        assertEquals(first, fixture.create("pvc-1").fileSystemId());

        fixture.clock.advance(Duration.ofMinutes(1));

        String second = fixture.create("pvc-1").fileSystemId();
        assertNotEquals(first, second);
        assertEquals(FsxFixture.withOntapSeed(List.of(first, second)), fixture.fileSystemIds());
    }

    @Test
    void updateAndDeleteTokensReplayTheirFirstAnswer() {
        String id = fixture.createPersistent("grown").fileSystemId();
        fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).clientRequestToken("grow-1").storageCapacity(2400));

        var replay = fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).clientRequestToken("grow-1").storageCapacity(2400)).fileSystem();

        assertEquals(1, replay.administrativeActions().stream().filter(a -> a.administrativeActionTypeAsString().equals("FILE_SYSTEM_UPDATE")).count());
        assertThrows(IncompatibleParameterErrorException.class,
                () -> fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).clientRequestToken("grow-1").storageCapacity(4800)));
        fixture.knobs().set("delay.fsx.filesystem.deleting", "1m");
        fixture.fsx.deleteFileSystem(r -> r.fileSystemId(id).clientRequestToken("delete-1"));
        assertEquals("DELETING", fixture.fsx.deleteFileSystem(r -> r.fileSystemId(id).clientRequestToken("delete-1")).lifecycleAsString());
    }

    @Test
    void aCacheRetryWithTheSameTokenAndParametersAnswersTheSameCacheAndOtherParametersAreIncompatible() {
        String first = fixture.createCache("pvc-1", r -> r.tags(t -> t.key("CSIVolumeName").value("pvc-1"))).fileCacheId();

        assertEquals(first, fixture.createCache("pvc-1", r -> r.tags(t -> t.key("CSIVolumeName").value("pvc-1"))).fileCacheId());
        assertEquals(1, fixture.fsx.describeFileCaches(r -> { }).fileCaches().size());
        IncompatibleParameterErrorException e = assertThrows(IncompatibleParameterErrorException.class,
                () -> fixture.createCache("pvc-1", r -> r.tags(t -> t.key("CSIVolumeName").value("pvc-1")).storageCapacity(2400)));
        assertEquals("StorageCapacity", e.parameter());
        assertNotEquals(first, fixture.createCache("pvc-2").fileCacheId(), "another token is another cache");
        assertTrue(fixture.create("pvc-1").fileSystemId().startsWith("fs-"), "the token of a cache is not one of a file system");
    }

    @Test
    void aCacheTokenIsForgottenAfterItsTtlAndDeleteTokensReplay() {
        fixture.knobs().set("tokens.fsx.ttl", "5m");
        fixture.knobs().set("delay.fsx.cache.deleting", "1m");
        String first = fixture.createCache("pvc-1").fileCacheId();
        fixture.clock.advance(Duration.ofMinutes(5));

        String second = fixture.createCache("pvc-1").fileCacheId();

        assertNotEquals(first, second);
        fixture.fsx.deleteFileCache(r -> r.fileCacheId(second).clientRequestToken("delete-1"));
        assertEquals("DELETING", fixture.fsx.deleteFileCache(r -> r.fileCacheId(second).clientRequestToken("delete-1")).lifecycleAsString());
        assertThrows(IncompatibleParameterErrorException.class,
                () -> fixture.fsx.deleteFileCache(r -> r.fileCacheId(first).clientRequestToken("delete-1")));
    }
}
