package dev.polycsi.fsx.ontap.controller;

import dev.polycsi.aws.idempotency.ClientTokens;
import dev.polycsi.fsx.ontap.cloud.OntapCloud;
import dev.polycsi.fsx.ontap.cloud.OntapVolume;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.operation.LongOperation;
import dev.polycsi.spi.operation.Progress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Growing one volume with UpdateVolume: done when DescribeVolumes shows the new size (FSx documents
 * no other completion signal for ONTAP resizes), failed when the VOLUME_UPDATE that asked for it
 * FAILED, which is told once (kept in memory: after a restart an old failure is told once more,
 * which costs one failed call, never a wrong answer). The client token derives from the volume and
 * the target size, so a retried UpdateVolume is the same update.
 */
final class VolumeResize implements LongOperation<Long> {

    private final OntapCloud cloud;
    private final String volumeId;
    private final long targetBytes;
    private final ClientTokens tokens;
    private final Duration firstPoll;
    /** Failed updates a call has been told of: FSx keeps listing them, and the next call asks again. */
    private final Set<OntapVolume.Resize> reported;

    VolumeResize(OntapCloud cloud, String volumeId, long targetBytes, ClientTokens tokens, Duration firstPoll,
            Set<OntapVolume.Resize> reported) {
        this.cloud = cloud;
        this.reported = reported;
        this.volumeId = volumeId;
        this.targetBytes = targetBytes;
        this.tokens = tokens;
        this.firstPoll = firstPoll;
    }

    private String key() {
        return "resize-" + volumeId + "-" + targetBytes;
    }

    @Override
    public String description() {
        return "growth of FSx for ONTAP volume %s to %d bytes".formatted(volumeId, targetBytes);
    }

    @Override
    public Progress<Long> check() {
        OntapVolume volume = cloud.describeVolume(volumeId)
                .orElseThrow(() -> CsiException.notFound("volume %s does not exist any more", volumeId));
        if (volume.sizeBytes() >= targetBytes) {
            return Progress.done(volume.sizeBytes());
        }
        Optional<OntapVolume.Resize> resize = volume.resize().filter(r -> r.targetBytes() == targetBytes);
        if (resize.isEmpty()) {
            return Progress.absent();
        }
        if (resize.get().failed()) {
            if (reported.contains(resize.get())) {
                // told already: ask again
                return Progress.absent();
            }
            return Progress.failed("", resize.get().failure().orElse("FSx gives no reason"));
        }
        return Progress.pending("VOLUME_UPDATE " + resize.get().status());
    }

    @Override
    public void start() {
        cloud.resize(volumeId, tokens.of(key(), tokens.current(key())), targetBytes);
    }

    /** Nothing to delete: the failure is remembered as told, and the next attempt uses a new token, which FSx has not answered yet. */
    @Override
    public void discard(Progress.Failed<Long> failed) {
        cloud.describeVolume(volumeId).flatMap(OntapVolume::resize).filter(OntapVolume.Resize::failed).ifPresent(reported::add);
        tokens.reject(key(), tokens.current(key()));
    }

    @Override
    public CsiException failure(Progress.Failed<Long> failed) {
        return CsiException.internal("FSx could not grow volume %s to %d bytes: %s", volumeId, targetBytes, failed.message());
    }

    @Override
    public Duration firstPollInterval() {
        return firstPoll;
    }
}
