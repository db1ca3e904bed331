package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.operation.LongOperation;
import dev.polycsi.spi.operation.Progress;
import java.time.Duration;
import java.util.Optional;

/**
 * One creation that takes {@code creation-delay}, as the core's waiter sees it. Everything it
 * knows is in the volume's record, found by the volume's name (its id derives from the name,
 * as a cloud's client token would): a restarted driver finds the creation and waits on.
 */
final class SlowCreation implements LongOperation<VolumeRecord> {

    static final String FAILURE_MESSAGE = "the creation failed on purpose (option 'failing-creations')";

    private final CreateVolumeRequest request;
    private final HostPathStore store;
    private final VolumeCreator creator;
    private final SlowCreations settings;

    SlowCreation(CreateVolumeRequest request, HostPathStore store, VolumeCreator creator, SlowCreations settings) {
        this.request = request;
        this.store = store;
        this.creator = creator;
        this.settings = settings;
    }

    @Override
    public String description() {
        return "creation of volume '" + request.name() + "'";
    }

    @Override
    public Progress<VolumeRecord> check() {
        Optional<VolumeRecord> found = store.findVolume(Ids.volumeId(request.name()));
        if (found.isEmpty()) {
            return Progress.absent();
        }
        VolumeRecord volume = found.get();
        VolumeCreator.requireSameRequest(volume, request);
        return switch (volume.state()) {
            case READY -> Progress.done(volume);
            case FAILED -> Progress.failed(volume.id(), volume.failure());
            case CREATING -> settings.isDue(volume) ? finish(volume) : Progress.pending("CREATING");
        };
    }

    private Progress<VolumeRecord> finish(VolumeRecord volume) {
        if (settings.takeFailure()) {
            // Recorded, as a cloud shows a failed resource until it is deleted: after a crash
            // right here, the next driver finds it FAILED and discards it.
            VolumeRecord failed = volume.failed(FAILURE_MESSAGE);
            store.saveVolume(failed);
            return Progress.failed(failed.id(), failed.failure());
        }
        return Progress.done(creator.complete(volume, request));
    }

    /** Writes the CREATING record; the delay counts from now. */
    @Override
    public void start() {
        creator.reserve(request);
    }

    @Override
    public void discard(Progress.Failed<VolumeRecord> failed) {
        store.deleteVolume(failed.resourceId());
    }

    // Checking is a file read, so poll often: a creation of a few seconds is seen done soon after.

    @Override
    public Duration firstPollInterval() {
        return Duration.ofMillis(100);
    }

    @Override
    public Duration maxPollInterval() {
        return Duration.ofSeconds(1);
    }
}
