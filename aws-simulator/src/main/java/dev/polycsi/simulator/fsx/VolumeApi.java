package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.http.SimResponse;
import dev.polycsi.simulator.json.JsonRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** CreateVolume, CreateVolumeFromBackup, DescribeVolumes, UpdateVolume and DeleteVolume for FSx for NetApp ONTAP volumes. */
final class VolumeApi {

    private static final int MAX_IDS = 50;

    private final FsxState state;
    private final VolumeJson json;

    VolumeApi(FsxState state, SimulatorConfig config) {
        this.state = state;
        this.json = new VolumeJson(config.region());
    }

    /** A new volume is answered CREATING, as FSx answers it, even when it is created at once; a replay as it is now. */
    SimResponse create(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        VolumeRequest create = VolumeRequest.readCreate(body);
        return created(state.ontap(ontap -> ontap.createVolume(ClientTokens.tokenOf(body), ClientTokens.parametersOf(body), create,
                Optional.empty())));
    }

    SimResponse createFromBackup(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        String backupId = FsxIds.requireBackupId("BackupId", body.requiredString("BackupId"));
        VolumeRequest create = VolumeRequest.read(body);
        return created(state.ontap(ontap -> ontap.createVolume(ClientTokens.tokenOf(body), ClientTokens.parametersOf(body), create,
                Optional.of(backupId))));
    }

    private SimResponse created(OntapState.VolumeCreation creation) {
        Instant now = state.now();
        return FsxJson.response(writer -> {
            writer.writeFieldName("Volume");
            if (creation.replayed()) {
                json.write(writer, creation.volume(), now);
            } else {
                json.writeCreating(writer, creation.volume(), now);
            }
        });
    }

    /** By VolumeIds, narrowed by Filters {@code file-system-id} and {@code storage-virtual-machine-id} (at most two). */
    SimResponse describe(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        List<String> ids = body.strings("VolumeIds");
        if (ids.size() > MAX_IDS) {
            throw FsxError.badRequest("VolumeIds can name at most %d volumes.", MAX_IDS);
        }
        ids.forEach(id -> FsxIds.requireVolumeId("VolumeIds", id));
        Predicate<OntapVolume> filters = FsxFilters.read(body, 2, List.of("file-system-id", "storage-virtual-machine-id"),
                (name, values) -> name.equals("file-system-id")
                        ? volume -> values.contains(volume.fileSystemId())
                        : volume -> values.contains(volume.spec().svmId()));
        List<OntapVolume> matching = state.ontap(ontap -> ontap.describeVolumes(ids)).stream().filter(filters).toList();
        Page<OntapVolume> page = Page.of(matching, OntapVolume::sequence, body.string("NextToken"), body.integer("MaxResults"));
        Instant now = state.now();
        return FsxJson.response(writer -> {
            writer.writeFieldName("Volumes").writeStartArray();
            page.items().forEach(volume -> json.write(writer, volume, now));
            writer.writeEndArray();
            page.nextToken().ifPresent(token -> FsxJson.field(writer, "NextToken", token));
        });
    }

    SimResponse update(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        String volumeId = FsxIds.requireVolumeId("VolumeId", body.requiredString("VolumeId"));
        VolumeChange change = VolumeChange.read(body);
        OntapVolume volume = state.ontap(ontap -> ontap.updateVolume(volumeId, ClientTokens.tokenOf(body), ClientTokens.parametersOf(body),
                change));
        Instant now = state.now();
        return FsxJson.response(writer -> {
            writer.writeFieldName("Volume");
            json.write(writer, volume, now);
        });
    }

    /**
     * DELETING at once. FSx takes a final backup unless SkipFinalBackup is true, and answers its id
     * with the FinalBackupTags asked for; BypassSnaplockEnterpriseRetention is SnapLock's, not simulated.
     */
    SimResponse delete(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        String volumeId = FsxIds.requireVolumeId("VolumeId", body.requiredString("VolumeId"));
        if (body.has("OpenZFSConfiguration")) {
            throw FsxError.badRequest("OpenZFSConfiguration cannot be applied to delete an ONTAP volume.");
        }
        JsonRequest ontap = body.object("OntapConfiguration").orElseGet(() -> FsxFields.request(new byte[0]));
        if (ontap.bool("BypassSnaplockEnterpriseRetention").orElse(false)) {
            throw FsxError.badRequest("The FSx simulator does not simulate SnapLock volumes.");
        }
        boolean skip = ontap.bool("SkipFinalBackup").orElse(false);
        List<Tag> finalBackupTags = Tag.listOf(ontap, "FinalBackupTags");
        if (skip && !finalBackupTags.isEmpty()) {
            throw FsxError.badRequest("FinalBackupTags apply only when a final backup is taken (SkipFinalBackup false).");
        }
        OntapState.VolumeDeletion deletion = state.ontap(o -> o.deleteVolume(volumeId, ClientTokens.tokenOf(body),
                ClientTokens.parametersOf(body), skip, finalBackupTags));
        return FsxJson.response(writer -> {
            FsxJson.field(writer, "VolumeId", deletion.volume().id());
            FsxJson.field(writer, "Lifecycle", OntapVolume.State.DELETING.name());
            writer.writeFieldName("OntapResponse").writeStartObject();
            deletion.finalBackupId().ifPresent(id -> FsxJson.field(writer, "FinalBackupId", id));
            if (deletion.finalBackupId().isPresent() && !finalBackupTags.isEmpty()) {
                FsxJson.tags(writer, "FinalBackupTags", finalBackupTags);
            }
            writer.writeEndObject();
        });
    }
}
