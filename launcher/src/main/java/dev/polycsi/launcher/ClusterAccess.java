package dev.polycsi.launcher;

import dev.polycsi.kube.KubeClusterObjects;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.cluster.ClusterObjects;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's objects for the backends: {@link ClusterObjects#NONE} outside a cluster, else a
 * client made on the first read. Until then no class of the Kubernetes client is loaded (this
 * class names only polycsi's own), so a driver whose backends never ask pays nothing for it.
 */
final class ClusterAccess implements ClusterObjects, AutoCloseable {

    /** Set in every pod (see dev.polycsi.kube.KubeApi, which must not be loaded to ask). */
    static final String SERVICE_HOST = "KUBERNETES_SERVICE_HOST";
    static final String API_URL = "POLYCSI_KUBE_API";

    private final Map<String, String> env;
    private KubeClusterObjects client;

    private ClusterAccess(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    static boolean inCluster(Map<String, String> env) {
        return !env.getOrDefault(SERVICE_HOST, "").isBlank() || !env.getOrDefault(API_URL, "").isBlank();
    }

    static ClusterObjects forEnvironment(Map<String, String> env) {
        return inCluster(env) ? new ClusterAccess(env) : ClusterObjects.NONE;
    }

    @Override
    public Optional<String> configMapValue(String namespace, String name, String key) {
        return client().configMapValue(namespace, name, key);
    }

    @Override
    public Optional<String> secretValue(String namespace, String name, String key) {
        return client().secretValue(namespace, name, key);
    }

    /** A failure to make the client (no CA file, a bad URL) is not kept: the next read tries again. */
    private synchronized KubeClusterObjects client() {
        if (client == null) {
            try {
                client = KubeClusterObjects.connect(env);
            } catch (RuntimeException e) {
                throw new CsiException(CsiException.Code.UNAVAILABLE, "cannot connect to the Kubernetes API: " + e.getMessage(), e);
            }
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
