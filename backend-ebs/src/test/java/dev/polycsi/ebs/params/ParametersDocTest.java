package dev.polycsi.ebs.params;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polycsi.spi.param.ParameterSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps backend-ebs/PARAMETERS.md equal to what the schemas print, so the reference cannot drift
 * from what the code accepts. Regenerate with
 * {@code mvn -o -pl backend-ebs test -Dtest=ParametersDocTest -Dpolycsi.writeDocs=true}.
 */
class ParametersDocTest {

    private static final Pattern PREFIX_ROW = Pattern.compile("^\\| `[^`]+\\*` \\|");

    static final Path DOC = Path.of(System.getProperty("basedir", ".")).resolve("PARAMETERS.md");

    static String render() {
        return """
                <!-- Generated from the parameter schemas by ParametersDocTest \
                (backend-ebs/src/test/java/dev/polycsi/ebs/params/ParametersDocTest.java), which fails when this file is out of date. \
                Do not edit; regenerate with: mvn -o -pl backend-ebs test -Dtest=ParametersDocTest -Dpolycsi.writeDocs=true -->
                # `backend: ebs` parameters

                Names and rules follow aws-ebs-csi-driver, so its StorageClasses, VolumeAttributesClasses and
                VolumeSnapshotClasses work unchanged. Parsing is strict: an unknown key or a bad value is
                refused with INVALID_ARGUMENT naming the key, before anything is asked of EC2.

                ## StorageClass

                The filesystem comes from `csi.storage.k8s.io/fstype` (ext2, ext3, ext4 or xfs; default ext4),
                which the external-provisioner moves into the volume capability; keys starting with
                `csi.storage.k8s.io/` are the sidecars' and never reach this table.

                %s
                Not supported yet (refused as unknown): `allowAutoIOPSIncreaseOnModify`, `volumeInitializationRate`,
                `blockAttachUntilInitialized`, `ext4EncryptionSupport`.

                ## VolumeAttributesClass

                Keys are case-sensitive, as in the official driver. At creation these values override the
                StorageClass's; afterwards they drive ControllerModifyVolume.

                %s
                Not supported yet (refused as unknown): `iopsPerGB`, `allowAutoIOPSIncreaseOnModify`.

                ## VolumeSnapshotClass

                %s
                Not supported yet (refused as unknown): `fastSnapshotRestoreAvailabilityZones`, `lockMode`,
                `lockDuration`, `lockExpirationDate`, `lockCoolOffPeriod`.
                """.formatted(table(VolumeParameters.SCHEMA), table(MutableParameters.SCHEMA), table(SnapshotParameters.SCHEMA));
    }

    /**
     * The schema's table with its prefix rows sorted: ParameterSchema keeps prefixes in a
     * Map.copyOf, whose iteration order changes from one JVM run to the next.
     */
    private static String table(ParameterSchema schema) {
        List<String> lines = new ArrayList<>(schema.toMarkdown().lines().toList());
        List<Integer> prefixRows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (PREFIX_ROW.matcher(lines.get(i)).find()) {
                prefixRows.add(i);
            }
        }
        List<String> sorted = prefixRows.stream().map(lines::get).sorted().toList();
        for (int i = 0; i < prefixRows.size(); i++) {
            lines.set(prefixRows.get(i), sorted.get(i));
        }
        return String.join("\n", lines) + "\n";
    }

    @Test
    void parametersDocumentMatchesTheSchemas() throws IOException {
        String expected = render();
        if (Boolean.getBoolean("polycsi.writeDocs")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "(missing)";
        assertEquals(expected, actual, DOC.toAbsolutePath() + " is out of date; regenerate it with "
                + "mvn -o -pl backend-ebs test -Dtest=ParametersDocTest -Dpolycsi.writeDocs=true");
    }
}
