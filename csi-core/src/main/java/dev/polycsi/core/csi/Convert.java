package dev.polycsi.core.csi;

import com.google.protobuf.Timestamp;
import csi.v1.Csi;
import dev.polycsi.core.backend.VolumeHandle;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Topology;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.controller.ContentSource;
import dev.polycsi.spi.controller.Snapshot;
import dev.polycsi.spi.controller.TopologyRequirement;
import dev.polycsi.spi.controller.Volume;
import java.util.List;

/** Between CSI messages and the SPI's records. Ids gain their {@code <backend>:} prefix here. */
final class Convert {

    private Convert() {
    }

    static CapacityRange capacity(Csi.CapacityRange range, String field) {
        Requests.nonNegative(range.getRequiredBytes(), field + ".required_bytes");
        Requests.nonNegative(range.getLimitBytes(), field + ".limit_bytes");
        if (range.getLimitBytes() > 0 && range.getRequiredBytes() > range.getLimitBytes()) {
            throw CsiException.invalidArgument("%s.required_bytes %d is larger than limit_bytes %d",
                    field, range.getRequiredBytes(), range.getLimitBytes());
        }
        return new CapacityRange(range.getRequiredBytes(), range.getLimitBytes());
    }

    static TopologyRequirement topology(Csi.TopologyRequirement requirement) {
        return new TopologyRequirement(topologies(requirement.getRequisiteList()), topologies(requirement.getPreferredList()));
    }

    private static List<Topology> topologies(List<Csi.Topology> topologies) {
        return topologies.stream().map(t -> new Topology(t.getSegmentsMap())).toList();
    }

    static Csi.Topology topology(Topology topology) {
        return Csi.Topology.newBuilder().putAllSegments(topology.segments()).build();
    }

    static Csi.Volume volume(String backend, Volume volume) {
        Csi.Volume.Builder out = Csi.Volume.newBuilder()
                .setVolumeId(VolumeHandle.format(backend, volume.id()))
                .setCapacityBytes(volume.capacityBytes())
                .putAllVolumeContext(volume.context());
        volume.accessible().forEach(t -> out.addAccessibleTopology(topology(t)));
        volume.source().ifPresent(source -> out.setContentSource(contentSource(backend, source)));
        return out.build();
    }

    static Csi.VolumeContentSource contentSource(String backend, ContentSource source) {
        String id = VolumeHandle.format(backend, source.id());
        Csi.VolumeContentSource.Builder out = Csi.VolumeContentSource.newBuilder();
        return switch (source) {
            case ContentSource.Snapshot s -> out.setSnapshot(
                    Csi.VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(id)).build();
            case ContentSource.Volume v -> out.setVolume(
                    Csi.VolumeContentSource.VolumeSource.newBuilder().setVolumeId(id)).build();
        };
    }

    static Csi.Snapshot snapshot(String backend, Snapshot snapshot) {
        Csi.Snapshot.Builder out = Csi.Snapshot.newBuilder()
                .setSnapshotId(VolumeHandle.format(backend, snapshot.id()))
                .setSourceVolumeId(VolumeHandle.format(backend, snapshot.sourceVolumeId()))
                .setSizeBytes(snapshot.sizeBytes())
                .setReadyToUse(snapshot.readyToUse());
        if (snapshot.createdAt() != null) {
            out.setCreationTime(Timestamp.newBuilder()
                    .setSeconds(snapshot.createdAt().getEpochSecond())
                    .setNanos(snapshot.createdAt().getNano()));
        }
        return out.build();
    }
}
