package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.http.SimResponse;
import dev.polycsi.simulator.json.JsonRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * CreateBackup, DescribeBackups and DeleteBackup for backups of FSx for NetApp ONTAP volumes;
 * backups of whole file systems (Lustre, Windows, OpenZFS) are not simulated.
 */
final class BackupApi {

    private static final int MAX_IDS = 50;
    private static final int MAX_FILTERS = 10;
    /** The filter names the model lists; DescribeBackups takes the first four. */
    private static final List<String> FILTER_NAMES = List.of("file-system-id", "backup-type", "file-system-type", "volume-id",
            "data-repository-type", "file-cache-id", "file-cache-type");
    private static final List<String> BACKUP_FILTERS = FILTER_NAMES.subList(0, 4);
    private static final List<String> BACKUP_TYPES = List.of("AUTOMATIC", "USER_INITIATED", "AWS_BACKUP");
    private static final List<String> FILE_SYSTEM_TYPES = List.of("WINDOWS", "LUSTRE", "ONTAP", "OPENZFS");

    private final FsxState state;
    private final BackupJson json;

    BackupApi(FsxState state, SimulatorConfig config) {
        this.state = state;
        this.json = new BackupJson(config.region());
    }

    /** Of a volume (VolumeId); a file system's (FileSystemId) is not simulated. Answered CREATING, even when available at once. */
    SimResponse create(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        if (body.has("FileSystemId")) {
            throw FsxError.badRequest("The FSx simulator backs up ONTAP volumes (VolumeId), not whole file systems (FileSystemId).");
        }
        String volumeId = FsxIds.requireVolumeId("VolumeId", body.string("VolumeId")
                .orElseThrow(() -> FsxError.badRequest("VolumeId is required to back up an ONTAP volume.")));
        List<Tag> tags = Tag.listOf(body);
        OntapState.BackupCreation creation = state.ontap(ontap -> ontap.createBackup(volumeId, ClientTokens.tokenOf(body),
                ClientTokens.parametersOf(body), tags));
        Instant now = state.now();
        return FsxJson.response(writer -> {
            writer.writeFieldName("Backup");
            if (creation.replayed()) {
                json.write(writer, creation.backup(), fileSystemOf(creation.backup()), now);
            } else {
                json.writeCreating(writer, creation.backup(), fileSystemOf(creation.backup()));
            }
        });
    }

    /**
     * By BackupIds (which override Filters, as FSx documents), or by Filters {@code volume-id},
     * {@code file-system-id}, {@code backup-type} and {@code file-system-type}, in creation order.
     */
    SimResponse describe(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        List<String> ids = body.strings("BackupIds");
        if (ids.size() > MAX_IDS) {
            throw FsxError.badRequest("BackupIds can name at most %d backups.", MAX_IDS);
        }
        ids.forEach(id -> FsxIds.requireBackupId("BackupIds", id));
        Predicate<OntapBackup> filters = FsxFilters.read(body, MAX_FILTERS, FILTER_NAMES, BackupApi::filter);
        List<OntapBackup> found = state.ontap(ontap -> ontap.describeBackups(ids));
        List<OntapBackup> matching = ids.isEmpty() ? found.stream().filter(filters).toList() : found;
        Page<OntapBackup> page = Page.of(matching, OntapBackup::sequence, body.string("NextToken"), body.integer("MaxResults"));
        Instant now = state.now();
        return FsxJson.response(writer -> {
            writer.writeFieldName("Backups").writeStartArray();
            page.items().forEach(backup -> json.write(writer, backup, fileSystemOf(backup), now));
            writer.writeEndArray();
            page.nextToken().ifPresent(token -> FsxJson.field(writer, "NextToken", token));
        });
    }

    /** Gone at once: FSx answers DELETED, and DescribeBackups BackupNotFound from then on. */
    SimResponse delete(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        String backupId = FsxIds.requireBackupId("BackupId", body.requiredString("BackupId"));
        String deleted = state.ontap(ontap -> ontap.deleteBackup(backupId, ClientTokens.tokenOf(body), ClientTokens.parametersOf(body)));
        return FsxJson.response(writer -> {
            FsxJson.field(writer, "BackupId", deleted);
            FsxJson.field(writer, "Lifecycle", "DELETED");
        });
    }

    private Optional<OntapFileSystem> fileSystemOf(OntapBackup backup) {
        return state.ontap(ontap -> ontap.fileSystem(backup.volume().fileSystemId()));
    }

    /** Every backup simulated is a USER_INITIATED backup of an ONTAP volume. */
    private static Predicate<OntapBackup> filter(String name, List<String> values) {
        return switch (name) {
            case "volume-id" -> backup -> values.contains(backup.volume().id());
            case "file-system-id" -> backup -> values.contains(backup.volume().fileSystemId());
            case "backup-type" -> {
                requireAll(name, values, BACKUP_TYPES);
                yield backup -> values.contains("USER_INITIATED");
            }
            case "file-system-type" -> {
                requireAll(name, values, FILE_SYSTEM_TYPES);
                yield backup -> values.contains("ONTAP");
            }
            default -> throw FsxError.badRequest("The filter %s does not apply to backups; use %s.", name, String.join(", ", BACKUP_FILTERS));
        };
    }

    private static void requireAll(String name, List<String> values, List<String> allowed) {
        values.stream().filter(value -> !allowed.contains(value)).findFirst().ifPresent(value -> {
            throw FsxError.badRequest("Invalid value '%s' for the filter %s. Valid values: %s.", value, name, String.join(", ", allowed));
        });
    }
}
