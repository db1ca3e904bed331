package dev.polycsi.spi.cluster;

import dev.polycsi.spi.CsiException;
import java.util.Optional;

/**
 * Reads the cluster's objects with the driver's service account, for parameters that name one
 * (aws-efs-csi-driver's {@code fileSystemIdConfigRef} and {@code fileSystemIdSecretRef}). The
 * core connects to the Kubernetes API only when a backend first asks, so a driver that never
 * needs it loads no Kubernetes client.
 */
public interface ClusterObjects {

    /** A driver without the Kubernetes API (out of a cluster, a test): every read is FAILED_PRECONDITION. */
    ClusterObjects NONE = new ClusterObjects() {
        @Override
        public Optional<String> configMapValue(String namespace, String name, String key) {
            throw unavailable("ConfigMap", namespace, name);
        }

        @Override
        public Optional<String> secretValue(String namespace, String name, String key) {
            throw unavailable("Secret", namespace, name);
        }

        private CsiException unavailable(String kind, String namespace, String name) {
            return CsiException.failedPrecondition("cannot read %s %s/%s: this driver runs without the Kubernetes API", kind,
                    namespace, name);
        }
    };

    /**
     * The value of {@code key} in ConfigMap {@code namespace/name}; empty if the ConfigMap or the
     * key does not exist. UNAVAILABLE when the API cannot be reached, PERMISSION_DENIED when the
     * service account may not read it.
     */
    Optional<String> configMapValue(String namespace, String name, String key);

    /** Like {@link #configMapValue}, for a Secret's key, decoded. The value is a secret: never log it. */
    Optional<String> secretValue(String namespace, String name, String key);
}
