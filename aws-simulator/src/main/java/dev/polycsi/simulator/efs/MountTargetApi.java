package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.http.SimResponse;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/** DescribeMountTargets and DeleteMountTarget (the simulator creates one mount target per zone with each file system). */
final class MountTargetApi {

    private static final int DEFAULT_PAGE_SIZE = 10;

    private final EfsState state;
    private final EfsJson json;

    MountTargetApi(EfsState state, EfsJson json) {
        this.state = state;
        this.json = json;
    }

    /** {@code GET /2015-02-01/mount-targets?FileSystemId=|MountTargetId=|AccessPointId=&MaxItems=&Marker=}. */
    SimResponse describe(SimRequest request, String caller) {
        QueryString query = QueryString.parse(request.query());
        Optional<String> fileSystemId = query.first("FileSystemId").map(EfsIds::fileSystemId);
        Optional<String> mountTargetId = query.first("MountTargetId").map(EfsIds::mountTargetId);
        Optional<String> accessPointId = query.first("AccessPointId").map(EfsIds::accessPointId);
        if (Stream.of(fileSystemId, mountTargetId, accessPointId).filter(Optional::isPresent).count() != 1) {
            throw EfsError.badRequest("Give exactly one of FileSystemId, MountTargetId and AccessPointId.");
        }
        Optional<String> marker = query.first("Marker");
        Page<MountTarget> page = Page.of(state.describeMountTargets(caller, fileSystemId, mountTargetId, accessPointId), marker,
                query.pageSize("MaxItems", DEFAULT_PAGE_SIZE));
        Instant now = state.now();
        return EfsJson.response(200, writer -> {
            EfsJson.optionalField(writer, "Marker", marker);
            writer.writeFieldName("MountTargets").writeStartArray();
            page.items().forEach(mountTarget -> json.mountTarget(writer, mountTarget, caller, now));
            writer.writeEndArray();
            EfsJson.optionalField(writer, "NextMarker", page.nextToken());
        });
    }

    /** {@code DELETE /2015-02-01/mount-targets/{MountTargetId}}: 204. */
    SimResponse delete(String mountTargetId, String caller) {
        state.deleteMountTarget(caller, EfsIds.mountTargetId(mountTargetId));
        return EfsJson.noContent();
    }
}
