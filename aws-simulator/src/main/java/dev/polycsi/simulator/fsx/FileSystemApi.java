package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.http.SimResponse;
import dev.polycsi.simulator.json.JsonRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.UnaryOperator;

/**
 * CreateFileSystem, DescribeFileSystems, UpdateFileSystem and DeleteFileSystem for Lustre;
 * DescribeFileSystems also lists the seeded ONTAP file system, which is neither updated nor deleted.
 */
final class FileSystemApi {

    private static final int MAX_FILE_SYSTEM_IDS = 50;
    /** What UpdateFileSystem changes at once, without an administrative action. */
    private static final Set<String> IMMEDIATE_SETTINGS = Set.of("WeeklyMaintenanceStartTime", "DailyAutomaticBackupStartTime",
            "AutomaticBackupRetentionDays", "DataCompressionType");
    /** What UpdateFileSystem changes as an administrative action (besides StorageCapacity). */
    private static final Set<String> ACTION_SETTINGS = Set.of("PerUnitStorageThroughput", "MetadataConfiguration");

    private final FsxState state;
    private final FileSystemJson json;
    private final OntapJson ontapJson;
    private final SimulatorConfig config;

    FileSystemApi(FsxState state, SimulatorConfig config) {
        this.state = state;
        this.config = config;
        this.json = new FileSystemJson(config.region());
        this.ontapJson = new OntapJson(config.region());
    }

    SimResponse create(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        Instant now = state.now();
        CreateRequest create = CreateRequest.read(body, config, now);
        FileSystem fileSystem = state.create(token(body), parameters(body), create);
        return FsxJson.response(writer -> {
            writer.writeFieldName("FileSystem");
            json.write(writer, fileSystem, state.now());
        });
    }

    SimResponse describe(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        List<String> ids = body.strings("FileSystemIds");
        if (ids.size() > MAX_FILE_SYSTEM_IDS) {
            throw FsxError.badRequest("FileSystemIds can name at most %d file systems.", MAX_FILE_SYSTEM_IDS);
        }
        ids.forEach(FsxIds::requireFileSystemId);
        Page<FsxFileSystem> page = Page.of(state.describe(ids), FsxFileSystem::sequence, body.string("NextToken"), body.integer("MaxResults"));
        Instant now = state.now();
        return FsxJson.response(writer -> {
            writer.writeFieldName("FileSystems").writeStartArray();
            page.items().forEach(fs -> {
                switch (fs) {
                    case FileSystem lustre -> json.write(writer, lustre, now);
                    case OntapFileSystem ontap -> ontapJson.writeFileSystem(writer, ontap);
                }
            });
            writer.writeEndArray();
            page.nextToken().ifPresent(token -> FsxJson.field(writer, "NextToken", token));
        });
    }

    /**
     * A capacity increase, a change of throughput tier and/or metadata configuration, and the
     * settings that change at once. Other updates FSx offers (Lustre version, logging, root
     * squash, auto import, Intelligent-Tiering's throughput and read cache) are refused as not
     * simulated rather than accepted without effect.
     */
    SimResponse update(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        String fileSystemId = FsxIds.requireFileSystemId(body.requiredString("FileSystemId"));
        for (String other : List.of("WindowsConfiguration", "OntapConfiguration", "OpenZFSConfiguration")) {
            if (body.has(other)) {
                throw FsxError.badRequest("%s cannot be applied to a LUSTRE file system.", other);
            }
        }
        for (String unsimulated : List.of("StorageType", "FileSystemTypeVersion", "NetworkType")) {
            if (body.has(unsimulated)) {
                throw FsxError.badRequest("The FSx simulator does not simulate updating %s.", unsimulated);
            }
        }
        JsonRequest lustre = body.object("LustreConfiguration").orElseGet(() -> FsxFields.request(new byte[0]));
        lustre.names().stream().filter(name -> !IMMEDIATE_SETTINGS.contains(name) && !ACTION_SETTINGS.contains(name)).sorted().findFirst()
                .ifPresent(name -> {
                    throw FsxError.badRequest("The FSx simulator does not simulate updating LustreConfiguration.%s.", name);
                });
        UpdateRequest update = UpdateRequest.read(body, lustre);
        if (!update.isAction() && lustre.names().isEmpty()) {
            throw FsxError.badRequest("The request does not change anything: give a StorageCapacity or a LustreConfiguration setting.");
        }
        UnaryOperator<LustreSpec> settings = spec -> spec.withSettings(
                LustreSettings.weeklyMaintenance(lustre, Optional.of(spec.weeklyMaintenanceStartTime())),
                LustreSettings.backups(lustre, spec.deploymentType(), spec.dataRepository().isPresent(), spec.backups()),
                LustreSettings.dataCompression(lustre, spec.dataCompressionType()));
        FileSystem fileSystem = state.update(fileSystemId, token(body), parameters(body), update, settings);
        return FsxJson.response(writer -> {
            writer.writeFieldName("FileSystem");
            json.write(writer, fileSystem, state.now());
        });
    }

    /** DELETING at once; Lustre takes no final backup unless asked, and the simulator takes none at all. */
    SimResponse delete(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        String fileSystemId = FsxIds.requireFileSystemId(body.requiredString("FileSystemId"));
        for (String other : List.of("WindowsConfiguration", "OpenZFSConfiguration")) {
            if (body.has(other)) {
                throw FsxError.badRequest("%s cannot be applied to delete a LUSTRE file system.", other);
            }
        }
        body.object("LustreConfiguration").flatMap(lustre -> lustre.bool("SkipFinalBackup")).filter(skip -> !skip).ifPresent(skip -> {
            throw FsxError.badRequest("The FSx simulator takes no backups; delete with SkipFinalBackup true (the Lustre default).");
        });
        FileSystem fileSystem = state.delete(fileSystemId, token(body), parameters(body));
        return FsxJson.response(writer -> {
            FsxJson.field(writer, "FileSystemId", fileSystem.id());
            FsxJson.field(writer, "Lifecycle", Lifecycle.DELETING.name());
        });
    }

    private static String token(JsonRequest body) {
        return ClientTokens.tokenOf(body);
    }

    private static SortedMap<String, String> parameters(JsonRequest body) {
        return ClientTokens.parametersOf(body);
    }
}
