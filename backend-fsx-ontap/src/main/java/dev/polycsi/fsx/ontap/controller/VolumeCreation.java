package dev.polycsi.fsx.ontap.controller;

import dev.polycsi.aws.idempotency.ClientTokens;
import dev.polycsi.aws.idempotency.IdempotentCreate;
import dev.polycsi.fsx.ontap.cloud.OntapCloud;
import dev.polycsi.fsx.ontap.cloud.OntapVolume;
import dev.polycsi.fsx.ontap.cloud.OntapVolume.Lifecycle;
import dev.polycsi.fsx.support.FsxCloudException;
import dev.polycsi.fsx.support.FsxErrors;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.operation.LongOperation;
import dev.polycsi.spi.operation.Progress;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The creation of one PV's ONTAP volume (or its restore from a backup), as the core's waiter polls
 * it. One volume per PV name, whatever the retries, restarts and token expiry:
 * <ul>
 * <li>the PV name maps to one ONTAP name, which FSx keeps unique in the SVM, and is the volume's
 *     {@code CSIVolumeName} tag: a look-up of the SVM's volumes finds what any earlier call or
 *     process made;</li>
 * <li>CreateVolume's ClientRequestToken derives from the PV name, so a create whose answer was
 *     lost, or that the listing does not show yet, is answered with the same volume; FSx refusing
 *     the name as taken makes the look-up run again rather than fail;</li>
 * <li>the token's generation moves on after a FAILED volume was discarded, and when FSx refuses
 *     it as used with other parameters.</li>
 * </ul>
 * Ready at CREATED, ONTAP's ready state (AVAILABLE is OpenZFS's, taken as ready too).
 */
final class VolumeCreation implements LongOperation<OntapVolume> {

    private static final Logger LOG = LogManager.getLogger(VolumeCreation.class);

    private final VolumeRequest request;
    private final OntapCloud cloud;
    private final ClientTokens tokens;
    private final IdempotentCreate<OntapVolume> creation;
    private final Duration firstPoll;
    /** The volume this creation is about, once known. Called one method at a time, but from changing threads. */
    private volatile String knownId;

    VolumeCreation(VolumeRequest request, OntapCloud cloud, ClientTokens tokens, Duration firstPoll) {
        this.request = request;
        this.cloud = cloud;
        this.tokens = tokens;
        this.firstPoll = firstPoll;
        this.creation = new IdempotentCreate<OntapVolume>("volume", tokens,
                e -> e instanceof FsxCloudException fsx && fsx.isTokenConflict())
                // a name FSx says is taken may be ours, made by a call whose answer was lost
                .lookingAgainAfter(e -> e instanceof FsxCloudException fsx && fsx.is(FsxErrors.BAD_REQUEST))
                .skipping(volume -> !volume.lifecycle().isLive());
    }

    @Override
    public String description() {
        return (request.fromBackup().isPresent() ? "restore of backup " + request.fromBackup().get() + " into" : "creation of")
                + " the FSx for ONTAP volume of " + request.csiName();
    }

    @Override
    public Progress<OntapVolume> check() {
        List<OntapVolume> named = lookUp();
        Optional<OntapVolume> live = live(named);
        if (live.isPresent()) {
            OntapVolume volume = live.get();
            knownId = volume.id();
            request.requireCompatible(volume);
            return switch (volume.lifecycle()) {
                case CREATED, AVAILABLE -> Progress.done(volume);
                case MISCONFIGURED -> Progress.pending("MISCONFIGURED (%s: %s)".formatted(volume.id(),
                        volume.failure().orElse("FSx gives no reason")));
                default -> Progress.pending(volume.lifecycle() + " (" + volume.id() + ")");
            };
        }
        Optional<OntapVolume> failed = named.stream().filter(volume -> volume.lifecycle() == Lifecycle.FAILED).findFirst();
        if (failed.isPresent()) {
            return Progress.failed(failed.get().id(), failed.get().failure().orElse("FSx gives no reason"));
        }
        Optional<OntapVolume> deleting = named.stream().filter(volume -> volume.lifecycle() == Lifecycle.DELETING).findFirst();
        if (deleting.isPresent()) {
            // the ONTAP name is taken until it has gone; a new volume is created then
            return Progress.pending("DELETING (%s, of an earlier attempt; a new volume is created once it has gone)"
                    .formatted(deleting.get().id()));
        }
        return Progress.absent();
    }

    /** The volumes of this name: the known one by id, or else every one in the SVM with the ONTAP name or the name tag. */
    private List<OntapVolume> lookUp() {
        String id = knownId;
        if (id != null) {
            Optional<OntapVolume> known = cloud.describeVolume(id);
            if (known.isPresent()) {
                return List.of(known.get());
            }
            knownId = null;
        }
        return cloud.findVolumes(request.settings().storageVirtualMachineId(), request.ontapName(), request.csiName());
    }

    /** The CREATED one, else the oldest that may become usable; duplicates made by something else are left alone. */
    private Optional<OntapVolume> live(List<OntapVolume> named) {
        List<OntapVolume> live = named.stream().filter(volume -> volume.lifecycle().isLive())
                .sorted(Comparator.comparing((OntapVolume volume) -> volume.lifecycle() != Lifecycle.CREATED)
                        .thenComparing(OntapVolume::creationTime))
                .toList();
        if (live.size() > 1) {
            LOG.warn("Volume {} has {} ONTAP volumes: {}; using {}, leaving the others alone", request.csiName(), live.size(),
                    live.stream().map(OntapVolume::id).toList(), live.getFirst().id());
        }
        return live.stream().findFirst();
    }

    @Override
    public void start() {
        OntapVolume volume = creation.create(request.csiName(),
                () -> live(cloud.findVolumes(request.settings().storageVirtualMachineId(), request.ontapName(), request.csiName())),
                request::requireCompatible, token -> cloud.createVolume(request.create(token)));
        knownId = volume.id();
    }

    /** Deletes the FAILED volume, without a final backup of nothing, and moves the token on. */
    @Override
    public void discard(Progress.Failed<OntapVolume> failed) {
        knownId = null;
        tokens.reject(request.csiName(), tokens.current(request.csiName()));
        if (cloud.deleteVolume(failed.resourceId(), true, java.util.Map.of())) {
            LOG.info("Volume {}: deleting failed ONTAP volume {}", request.csiName(), failed.resourceId());
        }
    }

    @Override
    public CsiException failure(Progress.Failed<OntapVolume> failed) {
        return CsiException.internal("FSx could not create ONTAP volume %s for volume %s: %s. It is deleted, and the next CreateVolume "
                + "creates a new one", failed.resourceId(), request.csiName(), failed.message());
    }

    @Override
    public Duration firstPollInterval() {
        return firstPoll;
    }
}
