package dev.polycsi.efs.params;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polycsi.efs.EfsBackendFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps backend-efs/PARAMETERS.md equal to what the schemas print, so the reference cannot drift
 * from what the code accepts. Regenerate with
 * {@code mvn -o -pl backend-efs test -Dtest=ParametersDocTest -Dpolycsi.writeDocs=true}.
 */
class ParametersDocTest {

    static final Path DOC = Path.of(System.getProperty("basedir", ".")).resolve("PARAMETERS.md");

    static String render() {
        EfsBackendFactory factory = new EfsBackendFactory();
        return """
                <!-- Generated from the parameter schemas by ParametersDocTest \
                (backend-efs/src/test/java/dev/polycsi/efs/params/ParametersDocTest.java), which fails when this file is out of date. \
                Do not edit; regenerate with: mvn -o -pl backend-efs test -Dtest=ParametersDocTest -Dpolycsi.writeDocs=true -->
                # `backend: efs` parameters

                Names and rules follow aws-efs-csi-driver, so its StorageClasses work unchanged (with
                `backend: efs` added when more than one backend is enabled). Keys are case-sensitive, as in
                the official driver. Parsing is strict: an unknown key, a bad value or a bad combination is
                refused with INVALID_ARGUMENT naming the key, before anything is asked of EFS. EFS has no
                capacity: the requested size is accepted and echoed.

                ## StorageClass

                %s
                Not supported (refused as unknown): `fileSystemIdConfigRef`, `fileSystemIdSecretRef`, and the
                `s3files-ap` provisioning mode; cross-account provisioning (`awsRoleArn` secrets) is not supported.

                ## Volume context (PersistentVolume `volumeAttributes`)

                | Key | Default | Meaning |
                |---|---|---|
                | `encryptInTransit` | `true` | Mount with `tls`. Access point mounts always use TLS. |
                | `mounttargetip` |  | Mount through this mount target address, or `zoneId:address` pairs separated by commas (the node picks its zone's). |
                | `crossaccount` | `false` | Pass `crossaccount` to the mount helper. |
                | `path` |  | Deprecated: the directory to mount, when the handle names none. |

                Keys are matched without regard to case, as in the official driver; any other key is refused.

                ## Driver options

                Given as `--backend-option efs.KEY=VALUE`.

                %s""".formatted(VolumeParameters.SCHEMA.toMarkdown(), factory.options().toMarkdown());
    }

    @Test
    void parametersDocumentMatchesTheSchemas() throws IOException {
        String expected = render();
        if (Boolean.getBoolean("polycsi.writeDocs")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "(missing)";
        assertEquals(expected, actual, DOC.toAbsolutePath() + " is out of date; regenerate it with "
                + "mvn -o -pl backend-efs test -Dtest=ParametersDocTest -Dpolycsi.writeDocs=true");
    }
}
