package dev.polycsi.ebs.params;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polycsi.spi.param.ParameterSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps backend-ebs/PARAMETERS.md equal to what the schemas print, so the reference cannot drift
 * from what the code accepts. Regenerate with
 * {@code mvn -o -pl backend-ebs test -Dtest=ParametersDocTest -Dpolycsi.writeDocs=true}.
 */
class ParametersDocTest {

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
                Refused on purpose: `csi.storage.k8s.io/fstype: ntfs` (Windows nodes, which this backend does not
                serve) and `outpostArn` (a snapshot parameter in the official driver too; volumes reach an Outpost
                through topology).

                ## VolumeAttributesClass

                Keys are case-sensitive, as in the official driver. At creation these values override the
                StorageClass's; afterwards they drive ControllerModifyVolume.

                %s
                `iopspergb` and `allowautoiopsincreaseonmodify` are lower-case because the official driver
                matches them so; a change of either also updates the driver's tags that later expansions
                follow, and a fixed `iops` removes the IOPS-per-GiB tag.

                ## VolumeSnapshotClass

                %s
                Fast snapshot restore is enabled, and then the lock set, right after the snapshot is made; if EC2
                refuses either, the snapshot is deleted again and CreateSnapshot fails, as in the official driver.
                The zones and the lock values are checked before anything is made.

                ## Driver options

                Given as `--backend-option ebs.KEY=VALUE`; aws-ebs-csi-driver's own flags
                `--volume-attach-limit`, `--reserved-volume-attachments`, `--extra-tags`,
                `--k8s-tag-cluster-id` and `--legacy-xfs` are accepted as shorthands.

                %s""".formatted(table(VolumeParameters.SCHEMA), table(MutableParameters.SCHEMA), table(SnapshotParameters.SCHEMA),
                        table(new dev.polycsi.ebs.EbsBackendFactory().options()));
    }

    private static String table(ParameterSchema schema) {
        return schema.toMarkdown();
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
