package dev.polycsi.fsx.lustre.params;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polycsi.fsx.lustre.LustreBackendFactory;
import dev.polycsi.spi.controller.CapacityRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Keeps backend-fsx-lustre/PARAMETERS.md equal to what the schemas and the capacity rules print,
 * so the reference cannot drift from what the code accepts. Regenerate with
 * {@code mvn25 -o -q test -pl backend-fsx-lustre -am -Dtest=ParametersDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dpolycsi.writeDocs=true}.
 */
class ParametersDocTest {

    static final Path DOC = Path.of(System.getProperty("basedir", ".")).resolve("PARAMETERS.md");
    static final String REGENERATE = "mvn25 -o -q test -pl backend-fsx-lustre -am -Dtest=ParametersDocTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dpolycsi.writeDocs=true";

    /** One row per kind of file system, printed from the rules the code rounds with. */
    private record Kind(String name, StorageCapacity capacity) {}

    private static final List<Kind> KINDS = List.of(
            kind("SCRATCH_1 (or no deploymentType)", DeploymentType.SCRATCH_1, StorageType.SSD, null, false),
            kind("SCRATCH_2", DeploymentType.SCRATCH_2, StorageType.SSD, null, false),
            kind("PERSISTENT_1 SSD", DeploymentType.PERSISTENT_1, StorageType.SSD, 200, false),
            kind("PERSISTENT_2 SSD", DeploymentType.PERSISTENT_2, StorageType.SSD, 125, false),
            kind("PERSISTENT_1 HDD, 12 MB/s/TiB", DeploymentType.PERSISTENT_1, StorageType.HDD, 12, false),
            kind("PERSISTENT_1 HDD, 40 MB/s/TiB", DeploymentType.PERSISTENT_1, StorageType.HDD, 40, false),
            kind("PERSISTENT_2 EFA, 125 MB/s/TiB", DeploymentType.PERSISTENT_2, StorageType.SSD, 125, true),
            kind("PERSISTENT_2 EFA, 250 MB/s/TiB", DeploymentType.PERSISTENT_2, StorageType.SSD, 250, true),
            kind("PERSISTENT_2 EFA, 500 MB/s/TiB", DeploymentType.PERSISTENT_2, StorageType.SSD, 500, true),
            kind("PERSISTENT_2 EFA, 1000 MB/s/TiB", DeploymentType.PERSISTENT_2, StorageType.SSD, 1000, true));

    private static Kind kind(String name, DeploymentType deployment, StorageType storage, Integer throughput, boolean efa) {
        return new Kind(name, StorageCapacity.of(deployment, storage, Optional.ofNullable(throughput), efa));
    }

    static String capacityTable() {
        StringBuilder table = new StringBuilder("| File system | Valid sizes | No size asked | 2000 GiB asked | Grows |\n|---|---|---|---|---|\n");
        for (Kind kind : KINDS) {
            StorageCapacity capacity = kind.capacity();
            String sizes = capacity.description().substring(capacity.description().indexOf(": ") + 2);
            table.append("| ").append(kind.name()).append(" | ").append(sizes)
                    .append(" | ").append(capacity.forCreate(CapacityRange.ANY)).append(" GiB")
                    .append(" | ").append(capacity.forCreate(new CapacityRange(2000 * StorageCapacity.GIB, 0))).append(" GiB")
                    .append(" | ").append(capacity.isGrowable() ? "yes" : "no").append(" |\n");
        }
        return table.toString();
    }

    static String render() {
        return """
                <!-- Generated from the parameter schemas and capacity rules by ParametersDocTest \
                (backend-fsx-lustre/src/test/java/dev/polycsi/fsx/lustre/params/ParametersDocTest.java), which fails when this file is \
                out of date. Do not edit; regenerate with: %s -->
                # `backend: fsx-lustre` parameters

                Names follow aws-fsx-csi-driver, so its StorageClasses work unchanged. Keys are
                case-sensitive, as in the official driver, and so are enum values, as in FSx (the official
                driver passes `persistent_2` on and FSx refuses it); booleans take what Go's `ParseBool`
                takes. Parsing is strict: an unknown key, a bad value or a combination FSx refuses is
                refused with INVALID_ARGUMENT naming every key involved, before anything is asked of FSx.

                ## StorageClass

                %s
                Combinations refused (FSx would refuse them; the official driver passes them on):

                - `storageType: HDD` without `deploymentType: PERSISTENT_1`, or without `driveCacheType`;
                  `driveCacheType` without HDD.
                - `perUnitStorageThroughput` on a scratch file system; a persistent one without it, or with a
                  value its deployment and storage type do not offer.
                - `metadataConfigurationMode` other than on PERSISTENT_2; `metadataIops` without
                  `metadataConfigurationMode: USER_PROVISIONED`, and USER_PROVISIONED without `metadataIops`.
                - `efaEnabled: "true"` without PERSISTENT_2 and a `metadataConfigurationMode`.
                - `fileSystemTypeVersion: "2.10"` with PERSISTENT_2; `"2.12"` with a metadata configuration.
                - `kmsKeyId` on a scratch file system.
                - `s3ImportPath`, `s3ExportPath` or `autoImportPolicy` on PERSISTENT_2; `s3ExportPath` or
                  `autoImportPolicy` without `s3ImportPath`; an export bucket other than the import bucket.
                - `automaticBackupRetentionDays` above 0, `dailyAutomaticBackupStartTime` or
                  `copyTagsToBackups: "true"` on a scratch file system or one linked to S3;
                  `dailyAutomaticBackupStartTime` without `automaticBackupRetentionDays` above 0.

                Not supported yet (refused as unknown): `storageType: INTELLIGENT_TIERING` with
                `throughputCapacity`, `dataReadCacheSizingMode` and `dataReadCacheSizeGiB`; `skipFinalBackup`;
                `importedFileChunkSize`; log, root-squash and data-repository-association settings.

                ## Capacity

                The PVC's request is rounded up to the next size FSx accepts for the file system (a PVC of
                1 byte gets the smallest); a size above the PVC's limit is OUT_OF_RANGE. An expansion goes
                to the next multiple of the same unit above both the request and the current size, as
                UpdateFileSystem requires; SCRATCH_1 file systems cannot grow (OUT_OF_RANGE).

                %s
                Where this differs from the official driver: it rounds EFA-enabled file systems as plain SSD ones,
                and asks for 1200 GiB when the PVC gives no size whatever the kind (HDD too); FSx refuses those sizes.

                ## VolumeAttributesClass

                What FSx's UpdateFileSystem can change and the official driver cannot (aws-fsx-csi-driver
                #398). At creation these values override the StorageClass's (a metadata key replaces the
                StorageClass's metadata configuration whole); afterwards they drive ControllerModifyVolume.

                %s
                ## Volume context (PersistentVolume `volumeAttributes`)

                A static PersistentVolume names the file system as `volumeHandle: fsx-lustre:fs-0199e5a63bd90f796`
                (fs- and 8 or 17 hex digits). The official driver's bare `fs-0199e5a63bd90f796` works too
                where the efs backend is not enabled beside this one: an EFS file system ID looks the same,
                so with both the driver refuses a bare ID (INVALID_ARGUMENT) rather than guess. Its
                volumeAttributes:

                | Key | Default | Meaning |
                |---|---|---|
                | `dnsname` | **required** | The file system's DNS name (or an alias or IPv4 address of it). |
                | `mountname` | `fsx` | The file system's mount name (1 to 8 letters, digits, `_`, `-`); SCRATCH_1 file systems have `fsx`. |

                The node mounts `<dnsname>@tcp:/<mountname>`. Keys are case-sensitive, as in the official
                driver; any other key is refused.

                ## Driver options

                Given as `--backend-option fsx-lustre.KEY=VALUE`.

                %s""".formatted(REGENERATE, VolumeParameters.SCHEMA.toMarkdown(), capacityTable(), MutableParameters.SCHEMA.toMarkdown(),
                new LustreBackendFactory().options().toMarkdown());
    }

    @Test
    void parametersDocumentMatchesTheSchemas() throws IOException {
        String expected = render();
        if (Boolean.getBoolean("polycsi.writeDocs")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "(missing)";
        assertEquals(expected, actual, DOC.toAbsolutePath() + " is out of date; regenerate it with " + REGENERATE);
    }
}
