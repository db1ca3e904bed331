package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.json.JsonRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The legacy S3 link of CreateFileSystem (ImportPath, ExportPath, ImportedFileChunkSize,
 * AutoImportPolicy). No S3 is simulated: a well-formed {@code s3://bucket[/prefix]} is taken to
 * exist, where FSx would also answer InvalidImportPath for a bucket it cannot reach.
 */
final class DataRepositories {

    private static final Pattern S3_PATH = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/.*)?");
    private static final DateTimeFormatter EXPORT_PREFIX_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final List<String> AUTO_IMPORT_POLICIES = List.of("NONE", "NEW", "NEW_CHANGED", "NEW_CHANGED_DELETED");

    private DataRepositories() {
    }

    static Optional<DataRepository> read(JsonRequest lustre, DeploymentType deployment, Instant now) {
        Optional<String> importPath = lustre.string("ImportPath");
        Optional<String> exportPath = lustre.string("ExportPath");
        Optional<Integer> chunkSize = FsxFields.intInRange(lustre, "ImportedFileChunkSize", 1, 512_000);
        Optional<String> autoImport = FsxFields.oneOf(lustre, "AutoImportPolicy", AUTO_IMPORT_POLICIES);
        if (importPath.isEmpty()) {
            if (exportPath.isPresent()) {
                throw FsxError.invalidExportPath("ExportPath '%s' needs an ImportPath in the same Amazon S3 bucket.", exportPath.get());
            }
            if (chunkSize.isPresent() || autoImport.filter(policy -> !policy.equals("NONE")).isPresent()) {
                throw FsxError.badRequest("ImportedFileChunkSize and AutoImportPolicy can be set only with an ImportPath.");
            }
            return Optional.empty();
        }
        if (deployment == DeploymentType.PERSISTENT_2) {
            throw FsxError.badRequest("ImportPath is not supported for deployment type PERSISTENT_2; link S3 with a data repository association.");
        }
        Matcher imported = S3_PATH.matcher(importPath.get());
        if (!imported.matches()) {
            throw FsxError.invalidImportPath("The import path '%s' is not a valid Amazon S3 path such as s3://bucket/prefix.", importPath.get());
        }
        String bucket = imported.group(1);
        String export = exportPath.map(path -> {
            Matcher exported = S3_PATH.matcher(path);
            if (!exported.matches() || !exported.group(1).equals(bucket)) {
                throw FsxError.invalidExportPath("The export path '%s' must be in the Amazon S3 bucket of the import path, %s.", path, bucket);
            }
            return path;
        }).orElseGet(() -> "s3://" + bucket + "/FSxLustre" + EXPORT_PREFIX_TIME.format(now));
        return Optional.of(new DataRepository(importPath.get(), export, chunkSize.orElse(1024), autoImport.orElse("NONE")));
    }
}
