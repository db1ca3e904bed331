package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.json.JsonRequest;
import java.util.List;
import java.util.Optional;

/**
 * An UpdateVolume request's OntapConfiguration (UpdateOntapVolumeConfiguration): a new size, which
 * FSx runs as a VOLUME_UPDATE administrative action, and settings that change at once.
 */
record VolumeChange(Optional<Long> sizeInBytes, Optional<String> junctionPath, Optional<String> securityStyle,
        Optional<Boolean> storageEfficiency, Optional<Tiering> tiering, Optional<String> snapshotPolicy, Optional<Boolean> copyTagsToBackups) {

    /** OntapConfiguration required, and something in it; Name and OpenZFSConfiguration are OpenZFS's. */
    static VolumeChange read(JsonRequest body) {
        for (String openZfs : List.of("Name", "OpenZFSConfiguration")) {
            if (body.has(openZfs)) {
                throw FsxError.badRequest("%s applies only to OpenZFS volumes, which the FSx simulator does not simulate.", openZfs);
            }
        }
        JsonRequest ontap = body.object("OntapConfiguration")
                .orElseThrow(() -> FsxError.missingVolumeConfiguration("OntapConfiguration is required to update an ONTAP volume."));
        if (ontap.has("SnaplockConfiguration")) {
            throw FsxError.badRequest("The FSx simulator does not simulate SnapLock volumes.");
        }
        VolumeChange change = new VolumeChange(VolumeSizes.read(ontap, false), ontap.string("JunctionPath").map(VolumeRequest::junctionPath),
                FsxFields.oneOf(ontap, "SecurityStyle", List.of("UNIX", "NTFS", "MIXED")), ontap.bool("StorageEfficiencyEnabled"),
                ontap.object("TieringPolicy").map(Tiering::read), ontap.string("SnapshotPolicy").map(VolumeRequest::snapshotPolicy),
                ontap.bool("CopyTagsToBackups"));
        if (change.equals(new VolumeChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()))) {
            throw FsxError.badRequest("The request does not change anything: give a size or a setting in OntapConfiguration.");
        }
        return change;
    }
}
