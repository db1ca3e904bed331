package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.json.JsonRequest;
import dev.polycsi.simulator.http.SimResponse;
import java.time.Instant;
import java.util.Optional;

/** CreateFileSystem, DescribeFileSystems and DeleteFileSystem. */
final class FileSystemApi {

    private static final int DEFAULT_PAGE_SIZE = 100;

    private final EfsState state;
    private final EfsJson json;

    FileSystemApi(EfsState state, EfsJson json) {
        this.state = state;
        this.json = json;
    }

    /** {@code POST /2015-02-01/file-systems}: 201 and the new file system, {@code creating}. */
    SimResponse create(SimRequest request, String caller) {
        JsonRequest body = EfsJson.request(request.body());
        String creationToken = body.requiredString("CreationToken");
        if (creationToken.length() > 64) {
            throw EfsError.badRequest("CreationToken must be at most 64 characters long.");
        }
        FileSystemOptions options = new FileSystemOptions(
                body.string("PerformanceMode").orElse(FileSystemOptions.DEFAULTS.performanceMode()),
                body.bool("Encrypted").orElse(false),
                body.string("KmsKeyId"),
                body.string("ThroughputMode").orElse(FileSystemOptions.DEFAULTS.throughputMode()),
                body.decimal("ProvisionedThroughputInMibps"),
                body.string("AvailabilityZoneName"));
        FileSystem fileSystem = state.createFileSystem(caller, creationToken, options, Tag.listOf(body));
        Instant now = state.now();
        int mountTargets = state.mountTargetCount(fileSystem.id());
        return EfsJson.response(201, writer -> json.fileSystemMembers(writer, fileSystem, mountTargets, now));
    }

    /** {@code GET /2015-02-01/file-systems?FileSystemId=&CreationToken=&MaxItems=&Marker=}. */
    SimResponse describe(SimRequest request, String caller) {
        QueryString query = QueryString.parse(request.query());
        Optional<String> fileSystemId = query.first("FileSystemId").map(EfsIds::fileSystemId);
        Optional<String> marker = query.first("Marker");
        Page<FileSystem> page = Page.of(state.describeFileSystems(caller, fileSystemId, query.first("CreationToken")), marker,
                query.pageSize("MaxItems", DEFAULT_PAGE_SIZE));
        Instant now = state.now();
        return EfsJson.response(200, writer -> {
            EfsJson.optionalField(writer, "Marker", marker);
            writer.writeFieldName("FileSystems").writeStartArray();
            page.items().forEach(fs -> json.fileSystem(writer, fs, state.mountTargetCount(fs.id()), now));
            writer.writeEndArray();
            EfsJson.optionalField(writer, "NextMarker", page.nextToken());
        });
    }

    /** {@code DELETE /2015-02-01/file-systems/{FileSystemId}}: 204. */
    SimResponse delete(String fileSystemId, String caller) {
        state.deleteFileSystem(caller, EfsIds.fileSystemId(fileSystemId));
        return EfsJson.noContent();
    }
}
