package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.ContentSource;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Making a volume, in two steps that each survive a crash: {@link #reserve} writes its record
 * (CREATING), which claims its share of the capacity; {@link #complete} builds its files and
 * marks it READY. CreateVolume does both at once, or, when creations are slow, the second step
 * comes once the delay has passed ({@link SlowCreation}).
 */
final class VolumeCreator {

    /** The size of a volume whose claim gives none. */
    static final long DEFAULT_BYTES = 1L << 30;
    /** Sizes are rounded up to whole MiB, so recorded sizes stay readable. */
    static final long UNIT_BYTES = 1L << 20;

    private final HostPathStore store;
    private final Capacity capacity;
    private final Clock clock;

    VolumeCreator(HostPathStore store, Capacity capacity, Clock clock) {
        this.store = store;
        this.capacity = capacity;
        this.clock = clock;
    }

    /**
     * The volume named in the request: the existing one if this is a retry, else a new record
     * that claims its share of the capacity before any file is made.
     */
    VolumeRecord reserve(CreateVolumeRequest request) {
        String id = Ids.volumeId(request.name());
        Optional<VolumeRecord> existing = store.findVolume(id);
        if (existing.isPresent() && existing.get().state() != VolumeRecord.State.FAILED) {
            requireSameRequest(existing.get(), request);
            return existing.get();
        }
        // A failed attempt is never left behind: its successor starts afresh.
        existing.ifPresent(failed -> store.deleteVolume(failed.id()));
        long sourceBytes = request.source().map(source -> content(source).sizeBytes()).orElse(0L);
        // A copy is as large as its source unless the claim asks for more.
        long bytes = request.capacity().resolve(request.source().isPresent() ? sourceBytes : DEFAULT_BYTES, UNIT_BYTES);
        if (bytes < sourceBytes) {
            throw CsiException.outOfRange("volume '%s': %d bytes is smaller than its source %s of %d bytes",
                    request.name(), bytes, request.source().get().id(), sourceBytes);
        }
        return capacity.claim(bytes, () -> {
            VolumeRecord volume = VolumeRecord.creating(id, request.name(), bytes, clock.instant(),
                    request.parameters().raw(), request.source());
            store.saveVolume(volume);
            return volume;
        });
    }

    /** Builds the files of a reserved volume unless an earlier attempt did, and marks it READY. */
    VolumeRecord complete(VolumeRecord volume, CreateVolumeRequest request) {
        if (!store.hasVolumeData(volume.id())) {
            fill(volume, request);
        }
        if (volume.isReady()) {
            return volume;
        }
        VolumeRecord ready = volume.ready();
        store.saveVolume(ready);
        return ready;
    }

    /** CSI: the same name with an incompatible request is ALREADY_EXISTS. */
    static void requireSameRequest(VolumeRecord existing, CreateVolumeRequest request) {
        String difference = null;
        if (!existing.name().equals(request.name())) {
            difference = "name '" + existing.name() + "' (two names with the same hash)";
        } else if (!request.capacity().accepts(existing.capacityBytes())) {
            difference = "size of " + existing.capacityBytes() + " bytes";
        } else if (!existing.parameters().equals(request.parameters().raw())) {
            difference = "parameters " + existing.parameters();
        } else if (!existing.source().equals(request.source())) {
            difference = "content source " + existing.source().map(ContentSource::toString).orElse("(none)");
        }
        if (difference != null) {
            throw CsiException.alreadyExists("volume '%s' already exists as %s with another %s",
                    request.name(), existing.id(), difference);
        }
    }

    private void fill(VolumeRecord volume, CreateVolumeRequest request) {
        try {
            Optional<Path> copyOf = request.source().map(source -> content(source).data());
            store.createVolumeData(volume.id(), copyOf, DirectorySettings.from(request.parameters()));
        } catch (RuntimeException e) {
            // Leave nothing behind, which also gives the capacity back; a retry starts afresh.
            store.deleteVolume(volume.id());
            throw e;
        }
    }

    /** The files and size of what a volume is made from. */
    private record SourceContent(Path data, long sizeBytes) {}

    /** NOT_FOUND unless the source exists and is complete, as CSI asks for a missing source. */
    private SourceContent content(ContentSource source) {
        return switch (source) {
            case ContentSource.Snapshot snapshot -> store.findSnapshot(snapshot.id())
                    .filter(found -> store.hasSnapshotData(found.id()))
                    .map(found -> new SourceContent(store.snapshotData(found.id()), found.sizeBytes()))
                    .orElseThrow(() -> CsiException.notFound("source snapshot %s does not exist", snapshot.id()));
            case ContentSource.Volume volume -> store.findVolume(volume.id())
                    .filter(found -> found.isReady() && store.hasVolumeData(found.id()))
                    .map(found -> new SourceContent(store.volumeData(found.id()), found.capacityBytes()))
                    .orElseThrow(() -> CsiException.notFound("source volume %s does not exist", volume.id()));
        };
    }
}
