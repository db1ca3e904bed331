package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.json.JsonRequest;
import dev.polycsi.simulator.http.SimResponse;
import java.time.Instant;
import java.util.Optional;

/** CreateAccessPoint, DescribeAccessPoints and DeleteAccessPoint. */
final class AccessPointApi {

    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAX_CLIENT_TOKEN_LENGTH = 64;

    private final EfsState state;
    private final EfsJson json;

    AccessPointApi(EfsState state, EfsJson json) {
        this.state = state;
        this.json = json;
    }

    /** {@code POST /2015-02-01/access-points}: 200 and the new access point, {@code creating}. */
    SimResponse create(SimRequest request, String caller) {
        JsonRequest body = EfsJson.request(request.body());
        String clientToken = body.requiredString("ClientToken");
        if (clientToken.isEmpty() || clientToken.length() > MAX_CLIENT_TOKEN_LENGTH) {
            throw EfsError.badRequest("ClientToken must be 1 to %d characters long.", MAX_CLIENT_TOKEN_LENGTH);
        }
        String fileSystemId = EfsIds.fileSystemId(body.requiredString("FileSystemId"));
        Optional<PosixUser> posixUser = body.object("PosixUser")
                .map(user -> new PosixUser(user.requiredInteger("Uid"), user.requiredInteger("Gid"), user.integers("SecondaryGids")));
        RootDirectory rootDirectory = body.object("RootDirectory").map(AccessPointApi::rootDirectory).orElse(RootDirectory.FILE_SYSTEM_ROOT);
        AccessPoint accessPoint = state.createAccessPoint(caller, fileSystemId, clientToken, posixUser, rootDirectory, Tag.listOf(body));
        Instant now = state.now();
        return EfsJson.response(200, writer -> json.accessPointMembers(writer, accessPoint, caller, now));
    }

    private static RootDirectory rootDirectory(JsonRequest root) {
        Optional<CreationInfo> creationInfo = root.object("CreationInfo")
                .map(info -> new CreationInfo(info.requiredInteger("OwnerUid"), info.requiredInteger("OwnerGid"),
                        info.requiredString("Permissions")));
        return new RootDirectory(root.string("Path").orElse("/"), creationInfo);
    }

    /** {@code GET /2015-02-01/access-points?AccessPointId=|FileSystemId=&MaxResults=&NextToken=}. */
    SimResponse describe(SimRequest request, String caller) {
        QueryString query = QueryString.parse(request.query());
        Optional<String> accessPointId = query.first("AccessPointId").map(EfsIds::accessPointId);
        Optional<String> fileSystemId = query.first("FileSystemId").map(EfsIds::fileSystemId);
        if (accessPointId.isPresent() && fileSystemId.isPresent()) {
            throw EfsError.badRequest("Give either AccessPointId or FileSystemId, not both.");
        }
        Page<AccessPoint> page = Page.of(state.describeAccessPoints(caller, accessPointId, fileSystemId), query.first("NextToken"),
                query.pageSize("MaxResults", DEFAULT_PAGE_SIZE));
        Instant now = state.now();
        return EfsJson.response(200, writer -> {
            writer.writeFieldName("AccessPoints").writeStartArray();
            page.items().forEach(accessPoint -> json.accessPoint(writer, accessPoint, caller, now));
            writer.writeEndArray();
            EfsJson.optionalField(writer, "NextToken", page.nextToken());
        });
    }

    /** {@code DELETE /2015-02-01/access-points/{AccessPointId}}: 204. */
    SimResponse delete(String accessPointId, String caller) {
        state.deleteAccessPoint(caller, EfsIds.accessPointId(accessPointId));
        return EfsJson.noContent();
    }
}
