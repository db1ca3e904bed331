package dev.polycsi.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a backend gets when a StorageClass names a ConfigMap's or Secret's key (EFS's fileSystemIdConfigRef). */
class KubeClusterObjectsTest {

    private FakeApiServer api;
    private KubeClusterObjects objects;

    @BeforeEach
    void start() {
        api = new FakeApiServer();
        objects = new KubeClusterObjects(api.api().client());
    }

    @AfterEach
    void stop() {
        objects.close();
        api.close();
    }

    @Test
    void readsConfigMapKeysAndDecodedSecretKeys() {
        api.admin().configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata().withName("efs")
                .endMetadata().withData(Map.of("fileSystemId", "fs-0123456789abcdef0"))
                .withBinaryData(Map.of("raw", base64("fs-binary"))).build()).create();
        api.admin().secrets().inNamespace("team-a").resource(new SecretBuilder().withNewMetadata().withName("efs-secret")
                .endMetadata().withData(Map.of("fileSystemId", base64("fs-0fedcba9876543210"))).build()).create();

        assertEquals(Optional.of("fs-0123456789abcdef0"), objects.configMapValue("kube-system", "efs", "fileSystemId"));
        assertEquals(Optional.of("fs-binary"), objects.configMapValue("kube-system", "efs", "raw"));
        assertEquals(Optional.of("fs-0fedcba9876543210"), objects.secretValue("team-a", "efs-secret", "fileSystemId"));
    }

    @Test
    void aMissingObjectOrKeyIsEmpty() {
        api.admin().configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata().withName("efs")
                .endMetadata().withData(Map.of("fileSystemId", "fs-1")).build()).create();

        assertEquals(Optional.empty(), objects.configMapValue("kube-system", "efs", "other"));
        assertEquals(Optional.empty(), objects.configMapValue("kube-system", "missing", "fileSystemId"));
        assertEquals(Optional.empty(), objects.configMapValue("other-namespace", "efs", "fileSystemId"));
        assertEquals(Optional.empty(), objects.secretValue("kube-system", "missing", "fileSystemId"));
    }

    @Test
    void aForbiddenReadIsPermissionDeniedAndNamesTheObject() {
        api.fail("GET", "/api/v1/namespaces/team-b/secrets/efs-secret", 403, 1);

        CsiException denied = assertThrows(CsiException.class, () -> objects.secretValue("team-b", "efs-secret", "fileSystemId"));
        assertEquals(CsiException.Code.PERMISSION_DENIED, denied.code());
        assertTrue(denied.getMessage().contains("Secret team-b/efs-secret"), denied.getMessage());
    }

    @Test
    void anUnreachableApiIsUnavailable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (KubeClusterObjects unreachable = new KubeClusterObjects(KubeApi.at(URI.create("http://127.0.0.1:" + closed)).client())) {
            CsiException error = assertThrows(CsiException.class, () -> unreachable.configMapValue("kube-system", "efs", "fileSystemId"));
            assertEquals(CsiException.Code.UNAVAILABLE, error.code(), error.getMessage());
            assertTrue(error.getMessage().contains("ConfigMap kube-system/efs"), error.getMessage());
        }
    }

    @Test
    void aServerErrorIsUnavailableAndNoMessageCarriesTheSecretsValue() {
        api.admin().secrets().inNamespace("kube-system").resource(new SecretBuilder().withNewMetadata().withName("s").endMetadata()
                .withData(Map.of("k", base64("very-secret"))).build()).create();
        // Twice: the client's own retry of a 503, then the answer it gives up on.
        api.fail("GET", "/api/v1/namespaces/kube-system/secrets/s", 503, 2);

        CsiException error = assertThrows(CsiException.class, () -> objects.secretValue("kube-system", "s", "k"));
        assertEquals(CsiException.Code.UNAVAILABLE, error.code());
        assertFalse(error.getMessage().contains("very-secret"));
        assertEquals(Optional.of("very-secret"), objects.secretValue("kube-system", "s", "k"), "the next read, once the API answers");
    }

    @Test
    void theEnvironmentNamesTheApiOrNone() {
        assertFalse(KubeApi.configured(Map.of()));
        assertEquals(Optional.empty(), KubeApi.fromEnvironment(Map.of("HOME", "/root")).map(Object::toString));
        assertEquals(Optional.of("https://10.100.0.1:443"),
                KubeApi.fromEnvironment(Map.of("KUBERNETES_SERVICE_HOST", "10.100.0.1", "KUBERNETES_SERVICE_PORT", "443")).map(Object::toString));
        assertEquals(Optional.of("https://[fd00:10::1]:443"),
                KubeApi.fromEnvironment(Map.of("KUBERNETES_SERVICE_HOST", "fd00:10::1")).map(Object::toString));
        assertEquals(Optional.of("http://127.0.0.1:8001"), KubeApi.fromEnvironment(Map.of("KUBERNETES_SERVICE_HOST", "10.100.0.1",
                "POLYCSI_KUBE_API", "http://127.0.0.1:8001")).map(Object::toString), "an explicit URL wins");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
