package dev.polycsi.efs.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.cluster.ClusterObjects;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** fileSystemIdConfigRef and fileSystemIdSecretRef: the file system id read from the cluster, with the official format and rules. */
class FileSystemIdRefTest {

    private static final String FS = "fs-0123456789abcdef0";
    private static final String SECRET_VALUE = "fs-not-a-real-id-secret-7";

    /** ConfigMaps and Secrets by "namespace/name", and whether the API server answers. */
    static final class FakeCluster implements ClusterObjects {
        final Map<String, Map<String, String>> configMaps = new HashMap<>();
        final Map<String, Map<String, String>> secrets = new HashMap<>();
        boolean reachable = true;
        int reads;

        @Override
        public Optional<String> configMapValue(String namespace, String name, String key) {
            return read(configMaps, namespace, name, key);
        }

        @Override
        public Optional<String> secretValue(String namespace, String name, String key) {
            return read(secrets, namespace, name, key);
        }

        private Optional<String> read(Map<String, Map<String, String>> objects, String namespace, String name, String key) {
            reads++;
            if (!reachable) {
                throw CsiException.unavailable("the Kubernetes API server at https://10.0.0.1:443 did not answer");
            }
            return Optional.ofNullable(objects.get(namespace + "/" + name)).map(data -> data.get(key));
        }
    }

    private final FakeCluster cluster = new FakeCluster();

    private String resolve(String... parameters) {
        Map<String, String> raw = new HashMap<>(Map.of("provisioningMode", "efs-ap"));
        for (int i = 0; i < parameters.length; i += 2) {
            raw.put(parameters[i], parameters[i + 1]);
        }
        return VolumeParameters.settings(Requests.create("pvc-1", raw, Map.of()), cluster).fileSystemId();
    }

    private static CsiException fails(Code code, String naming, Executable call) {
        CsiException e = assertThrows(CsiException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(naming), e.getMessage());
        return e;
    }

    @Test
    void theIdIsReadFromAConfigMapOrASecretKey() {
        cluster.configMaps.put("kube-system/efs-config", Map.of("fileSystemId", " " + FS + "\n"));
        cluster.secrets.put("storage/efs", Map.of("id", FS));
        assertEquals(FS, resolve("fileSystemIdConfigRef", "kube-system/efs-config/fileSystemId"), "trimmed, as the official driver does");
        assertEquals(FS, resolve("fileSystemIdSecretRef", " storage / efs / id "));
        assertEquals(FS, resolve("fileSystemId", FS));
        assertEquals(2, cluster.reads, "fileSystemId needs no read");
    }

    @Test
    void exactlyOneOfTheThreeIsRequired() {
        fails(Code.INVALID_ARGUMENT, "fileSystemIdConfigRef", () -> resolve());
        CsiException two = fails(Code.INVALID_ARGUMENT, "only one", () -> resolve("fileSystemId", FS, "fileSystemIdSecretRef", "a/b/c"));
        assertTrue(two.getMessage().contains("given: fileSystemId, fileSystemIdSecretRef"), two.getMessage());
        assertEquals(0, cluster.reads);
    }

    @Test
    void aReferenceIsNamespaceNameAndKey() {
        for (String bad : new String[] {"efs-config/fileSystemId", "a/b/c/d", "ns//key", " / /key"}) {
            fails(Code.INVALID_ARGUMENT, "fileSystemIdConfigRef", () -> resolve("fileSystemIdConfigRef", bad));
        }
        assertEquals(0, cluster.reads);
    }

    @Test
    void aMissingObjectOrKeyOrEmptyValueIsInvalidArgument() {
        cluster.configMaps.put("ns/cm", Map.of("other", FS, "blank", "  "));
        fails(Code.INVALID_ARGUMENT, "fileSystemIdConfigRef", () -> resolve("fileSystemIdConfigRef", "ns/missing/id"));
        fails(Code.INVALID_ARGUMENT, "no key 'id'", () -> resolve("fileSystemIdConfigRef", "ns/cm/id"));
        fails(Code.INVALID_ARGUMENT, "ConfigMap ns/cm", () -> resolve("fileSystemIdConfigRef", "ns/cm/blank"));
        fails(Code.INVALID_ARGUMENT, "Secret ns/missing", () -> resolve("fileSystemIdSecretRef", "ns/missing/id"));
    }

    @Test
    void theValueIsCheckedLikeFileSystemIdAndASecretsIsNeverShown() {
        cluster.configMaps.put("ns/cm", Map.of("id", "fs-XYZ"));
        cluster.secrets.put("ns/s", Map.of("id", SECRET_VALUE));
        CsiException config = fails(Code.INVALID_ARGUMENT, "fileSystemIdConfigRef", () -> resolve("fileSystemIdConfigRef", "ns/cm/id"));
        assertTrue(config.getMessage().contains("fs-XYZ"), "a ConfigMap's value helps: " + config.getMessage());
        CsiException secret = fails(Code.INVALID_ARGUMENT, "fileSystemIdSecretRef", () -> resolve("fileSystemIdSecretRef", "ns/s/id"));
        assertFalse(secret.getMessage().contains(SECRET_VALUE), secret.getMessage());
    }

    @Test
    void anUnreachableApiServerIsRetryableAndNoApiIsAPrecondition() {
        cluster.reachable = false;
        fails(Code.UNAVAILABLE, "fileSystemIdSecretRef", () -> resolve("fileSystemIdSecretRef", "ns/s/id"));
        CsiException none = assertThrows(CsiException.class, () -> VolumeParameters.settings(Requests.create("pvc-1",
                Map.of("provisioningMode", "efs-ap", "fileSystemIdConfigRef", "ns/cm/id"), Map.of()), ClusterObjects.NONE));
        assertEquals(Code.FAILED_PRECONDITION, none.code());
        assertTrue(none.getMessage().startsWith("parameter 'fileSystemIdConfigRef'"), none.getMessage());
    }
}
