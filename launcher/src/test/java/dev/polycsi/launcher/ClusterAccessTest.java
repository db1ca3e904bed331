package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.cluster.ClusterObjects;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the launcher hands backends as their cluster: nothing outside a pod, a lazily made client in one. */
class ClusterAccessTest {

    @Test
    void outsideAClusterBackendsGetNone() {
        assertSame(ClusterObjects.NONE, ClusterAccess.forEnvironment(Map.of("HOME", "/root")));
        CsiException error = assertThrows(CsiException.class,
                () -> ClusterAccess.forEnvironment(Map.of()).configMapValue("kube-system", "efs", "fileSystemId"));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, error.code());
    }

    @Test
    void inAClusterTheClientIsMadeAtTheFirstReadAndAFailureIsNotKept() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        // A CA file that does not exist: making the client fails, but only once a backend reads.
        ClusterObjects cluster = ClusterAccess.forEnvironment(Map.of("KUBERNETES_SERVICE_HOST", "127.0.0.1",
                "KUBERNETES_SERVICE_PORT", String.valueOf(closed)));
        CsiException error = assertThrows(CsiException.class, () -> cluster.secretValue("kube-system", "s", "k"));
        assertEquals(CsiException.Code.UNAVAILABLE, error.code());
        ((ClusterAccess) cluster).close();
    }

    @Test
    void readsThroughTheGivenApi() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient admin = server.createClient()) {
            admin.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata().withName("efs").endMetadata()
                    .withData(Map.of("fileSystemId", "fs-0123456789abcdef0")).build()).create();
            ClusterObjects cluster = ClusterAccess.forEnvironment(Map.of("POLYCSI_KUBE_API", "http://127.0.0.1:" + server.getPort()));
            assertEquals(Optional.of("fs-0123456789abcdef0"), cluster.configMapValue("kube-system", "efs", "fileSystemId"));
            ((ClusterAccess) cluster).close();
        } finally {
            server.destroy();
        }
    }
}
