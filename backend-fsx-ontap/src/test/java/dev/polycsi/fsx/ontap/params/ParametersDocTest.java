package dev.polycsi.fsx.ontap.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.ontap.params.OntapSettings.VolumeStyle;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.param.Parameter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps backend-fsx-ontap/PARAMETERS.md equal to what the schemas, the size rules and the name
 * mapping print, so the reference cannot drift from what the code does. Regenerate with
 * {@code mvn25 -o -q test -pl backend-fsx-ontap -am -Dtest=ParametersDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dpolycsi.writeDocs=true}.
 */
class ParametersDocTest {

    static final Path DOC = Path.of(System.getProperty("basedir", ".")).resolve("PARAMETERS.md");
    static final String REGENERATE = "mvn25 -o -q test -pl backend-fsx-ontap -am -Dtest=ParametersDocTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dpolycsi.writeDocs=true";

    /** FSx's own default for each key whose default here differs, or that FSx leaves undefined. */
    private static final Map<String, String> FSX_DEFAULTS = fsxDefaults();

    private static Map<String, String> fsxDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("securityStyle", "the SVM root volume's style, which may be NTFS");
        defaults.put("tieringPolicy", "SNAPSHOT_ONLY by the API reference, AUTO in the console: sent always so that it is not a guess");
        defaults.put("snapshotPolicy", "`default`: 6 hourly, 2 daily and 2 weekly snapshots, taking the volume's space unseen by Kubernetes");
        defaults.put("storageEfficiencyEnabled", "none: FSx requires the field");
        defaults.put("skipFinalBackupOnDelete", "take a final backup, which outlives the volume, never expires and is billed until deleted");
        return defaults;
    }

    /** A kind of volume for the size table. */
    private record Kind(String name, String... parameters) {
        OntapSettings settings() {
            return Requests.resolve(parameters);
        }
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("FlexVol"),
            new Kind("FlexGroup, aggregates chosen by FSx (counted as one)", "volumeStyle", "FLEXGROUP"),
            new Kind("FlexGroup, `aggregates: aggr1,aggr2`", "volumeStyle", "FLEXGROUP", "aggregates", "aggr1,aggr2"),
            new Kind("FlexGroup, `constituentsPerAggregate: \"1\"`", "volumeStyle", "FLEXGROUP", "constituentsPerAggregate", "1"),
            new Kind("FlexGroup, `constituentsPerAggregate: \"200\"`", "volumeStyle", "FLEXGROUP", "constituentsPerAggregate", "200"));

    static String defaultsTable() {
        Map<String, Parameter<?>> byKey = VolumeParameters.SCHEMA.parameters().stream()
                .collect(Collectors.toMap(Parameter::key, Function.identity()));
        StringBuilder table = new StringBuilder("| Parameter | Default here | FSx's default |\n|---|---|---|\n");
        FSX_DEFAULTS.forEach((key, fsx) -> table.append("| `").append(key).append("` | `")
                .append(byKey.get(key).defaultValue().orElseThrow()).append("` | ").append(fsx).append(" |\n"));
        return table.toString();
    }

    static String sizeTable() {
        StringBuilder table = new StringBuilder(
                "| Volume | Constituents | Smallest | Largest | No size asked | 1 GiB asked |\n|---|---|---|---|---|---|\n");
        for (Kind kind : KINDS) {
            OntapSettings settings = kind.settings();
            VolumeStyle style = settings.volumeStyle();
            int constituents = settings.constituents();
            table.append("| ").append(kind.name())
                    .append(" | ").append(style == VolumeStyle.FLEXVOL ? "" : String.valueOf(constituents))
                    .append(" | ").append(VolumeSizes.describe(VolumeSizes.minimumBytes(style, constituents)))
                    .append(" | ").append(VolumeSizes.describe(VolumeSizes.maximumBytes(style, constituents)))
                    .append(" | ").append(VolumeSizes.describe(VolumeSizes.forCreate(CapacityRange.ANY, settings)))
                    .append(" | ").append(VolumeSizes.describe(VolumeSizes.forCreate(new CapacityRange(VolumeSizes.GIB, 0), settings)))
                    .append(" |\n");
        }
        return table.toString();
    }

    static String nameTable() {
        StringBuilder table = new StringBuilder("| CSI name | ONTAP name | Junction path under `/k8s` |\n|---|---|---|\n");
        for (String csiName : List.of("pvc-3f0c2a43-7bb4-4c46-9a4e-0d1f3c5e9b21", "data-1", "data_1", "my.volume", "1st-volume", "vølume")) {
            String ontapName = VolumeNames.ontapName(csiName);
            table.append("| `").append(csiName).append("` | `").append(ontapName).append("` | `")
                    .append(VolumeNames.junctionPath("/k8s", ontapName)).append("` |\n");
        }
        return table.toString();
    }

    static String render() {
        return """
                <!-- Generated from the parameter schemas, size rules and name mapping by ParametersDocTest \
                (backend-fsx-ontap/src/test/java/dev/polycsi/fsx/ontap/params/ParametersDocTest.java), which fails when this file is \
                out of date. Do not edit; regenerate with: %s -->
                # `backend: fsx-ontap` parameters

                One FSx for NetApp ONTAP volume per PersistentVolume, created through the FSx API and
                mounted over NFS. No CSI driver names these FSx fields (Trident configures ONTAP
                through its own backends), so the keys are FSx's own field names in lowerCamelCase.
                Keys are case-sensitive, and so are enum values, as in FSx; booleans take what Go's
                `ParseBool` takes, as in the other FSx backends. Parsing is strict: an unknown key, a
                bad value or a combination FSx refuses is refused with INVALID_ARGUMENT naming every
                key involved, before anything is asked of FSx.

                ## StorageClass

                %s
                Combinations refused (FSx would refuse them):

                - `aggregates` or `constituentsPerAggregate` without `volumeStyle: FLEXGROUP`.
                - More than %d constituents in all (`aggregates` × `constituentsPerAggregate`).
                - `coolingPeriod` with `tieringPolicy` ALL or NONE.

                Defaults that differ from FSx's, or that FSx does not define:

                %s
                Not supported (refused as unknown): data-protection (DP) volumes, SnapLock, export
                policies (the FSx API has none: volumes get the SVM's `default` policy), iSCSI and
                NVMe/TCP, and volumes in the SVM's namespace chosen one by one (`junctionPath`).

                ## VolumeSnapshotClass

                A VolumeSnapshot is an FSx backup of the volume. Backups are incremental, are kept
                in the FSx service rather than in the file system (they survive the volume and the
                file system), and never expire. A PVC restored from one has all of its data
                downloaded onto the SSD tier, whatever its tiering policy, before it can be written
                to: restores take time and need room on SSD.

                %s
                ## Sizes

                A PVC's request is rounded up to a whole MiB, and up to the smallest size the volume
                may have; a size above the largest, or one no allowed size within the PVC's limit
                meets, is OUT_OF_RANGE. A FlexGroup needs at least %s per constituent and holds at most
                %s per constituent, and no more than FSx's largest SizeInBytes in whole MiB (%s,
                just under 20 PiB). An expansion goes to the request rounded up to a whole MiB, never
                below the current size: volumes do not shrink.

                %s
                ## Volume names

                FSx's ONTAP volumes are named with letters, digits and underscores, starting with a
                letter or an underscore, at most %d characters. A CSI name of letters, digits and
                hyphens that starts with a letter, like the external-provisioner's `pvc-<uuid>`,
                only has its hyphens turned into underscores, as Trident names volumes. Any other
                name has each other character turned into `_`, a `_` put before a leading digit, is
                cut to fit, and ends in `_` and %d hex digits of the SHA-256 of the CSI name, so that
                names the mapping would merge (`data-1` and `data_1`) stay apart. The volume's
                junction path is `junctionPathPrefix` and its ONTAP name.

                %s
                ## Volume context (PersistentVolume `volumeAttributes`)

                A static PersistentVolume names the volume by its FSx volume ID:
                `volumeHandle: fsx-ontap:fsvol-0123456789abcdef0` (fsvol- and 17 hex digits). A bare
                `fsvol-0123456789abcdef0` works too, since no other backend issues FSx volume IDs. The
                node reads these volumeAttributes, which dynamic volumes get from the controller:

                | Key | Default | Meaning |
                |---|---|---|
                | `dnsname` | **required** | The SVM's NFS DNS name or IP address. |
                | `junctionPath` | **required** | The volume's junction path. |
                | `nfsMountOptions` | `%s` | NFS mount options separated by commas, as the StorageClass's `nfsMountOptions` takes them; the PersistentVolume's `mountOptions` are added after them. |

                The node mounts `<dnsname>:<junctionPath>` over NFS.
                """.formatted(REGENERATE, VolumeParameters.SCHEMA.toMarkdown(), VolumeSizes.MAX_CONSTITUENTS, defaultsTable(),
                SnapshotParameters.SCHEMA.toMarkdown(), VolumeSizes.describe(VolumeSizes.MIN_FLEXGROUP_BYTES_PER_CONSTITUENT),
                VolumeSizes.describe(VolumeSizes.MAX_FLEXVOL_BYTES), VolumeSizes.describe(VolumeSizes.MAX_FLEXGROUP_BYTES), sizeTable(),
                VolumeNames.MAX_LENGTH, VolumeNames.HASH_LENGTH, nameTable(), NfsMountOptions.DEFAULT);
    }

    @Test
    void everyFsxDefaultListedIsAKeyWithADefaultHere() {
        for (String key : FSX_DEFAULTS.keySet()) {
            assertTrue(VolumeParameters.SCHEMA.parameters().stream().anyMatch(p -> p.key().equals(key) && p.defaultValue().isPresent()),
                    key + " has no default here");
        }
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
