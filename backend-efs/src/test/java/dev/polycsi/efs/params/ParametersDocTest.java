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
                Not supported (refused as unknown): the `s3files-ap` provisioning mode.

                ## Provisioner secret (cross-account provisioning)

                The StorageClass's `csi.storage.k8s.io/provisioner-secret-name` and `-namespace` name a
                Secret whose keys are read by CreateVolume and DeleteVolume; no value is ever logged.

                | Key | Meaning |
                |---|---|
                | `awsRoleArn` | A role of the file system's account: the controller assumes it with STS AssumeRole and makes the volume's EFS calls with its credentials (one session per role, renewed before it expires). Not an IAM role ARN: INVALID_ARGUMENT; STS refusing: PERMISSION_DENIED. |
                | `externalId` | The `sts:ExternalId` the role's trust policy asks for (only with `awsRoleArn`). |
                | `crossaccount` | `true`: the volume context gets `crossaccount=true` and the node's mount helper finds the mount target of its own zone through DNS. Otherwise (default `false`) the controller looks up the file system's mount target in `az` (else one of the available ones) with the role and puts its address into the volume context as `mounttargetip`. Not true/false: INVALID_ARGUMENT. |

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
