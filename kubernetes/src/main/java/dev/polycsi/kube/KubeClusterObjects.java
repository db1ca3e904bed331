package dev.polycsi.kube;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.cluster.ClusterObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** ConfigMap and Secret values read from the API with the driver's service account. */
public final class KubeClusterObjects implements ClusterObjects, AutoCloseable {

    private final KubernetesClient client;

    public KubeClusterObjects(KubernetesClient client) {
        this.client = client;
    }

    /** A client for the API this environment names (see {@link KubeApi}); fails if it names none. */
    public static KubeClusterObjects connect(Map<String, String> env) {
        KubeApi api = KubeApi.fromEnvironment(env).orElseThrow(() -> new IllegalStateException("no Kubernetes API configured"));
        return new KubeClusterObjects(api.client());
    }

    @Override
    public Optional<String> configMapValue(String namespace, String name, String key) {
        ConfigMap map = read("ConfigMap", namespace, name, () -> client.configMaps().inNamespace(namespace).withName(name).get());
        if (map == null) {
            return Optional.empty();
        }
        Optional<String> text = Optional.ofNullable(map.getData()).map(data -> data.get(key));
        return text.isPresent() ? text : Optional.ofNullable(map.getBinaryData()).map(data -> data.get(key)).map(KubeClusterObjects::decode);
    }

    @Override
    public Optional<String> secretValue(String namespace, String name, String key) {
        Secret secret = read("Secret", namespace, name, () -> client.secrets().inNamespace(namespace).withName(name).get());
        if (secret == null) {
            return Optional.empty();
        }
        // The API returns only data, base64-encoded; stringData is write-only.
        return Optional.ofNullable(secret.getData()).map(data -> data.get(key)).map(KubeClusterObjects::decode);
    }

    private static String decode(String base64) {
        return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static <T> T read(String kind, String namespace, String name, Supplier<T> get) {
        try {
            return get.get();
        } catch (KubernetesClientException e) {
            throw translate(e, kind + " " + namespace + "/" + name);
        }
    }

    /** The API's answer as the CSI code a sidecar acts on; the message names the object, never a value. */
    static CsiException translate(KubernetesClientException e, String object) {
        int status = e.getCode();
        if (status == 403) {
            return new CsiException(CsiException.Code.PERMISSION_DENIED, "the driver's service account may not read " + object
                    + " (grant it 'get' on that kind in that namespace; see deploy/README.md)", e);
        }
        if (status <= 0 || status == 401 || status == 429 || status >= 500) {
            // 0 or -1: no answer at all; 401: the token is read again for the next request, which a retry makes.
            return new CsiException(CsiException.Code.UNAVAILABLE, "cannot read " + object + " from the Kubernetes API: "
                    + describe(e), e);
        }
        return new CsiException(CsiException.Code.INTERNAL, "reading " + object + " from the Kubernetes API failed: " + describe(e), e);
    }

    static String describe(KubernetesClientException e) {
        if (e.getCode() > 0) {
            String reason = e.getStatus() == null || e.getStatus().getMessage() == null ? "" : ": " + e.getStatus().getMessage();
            return "HTTP " + e.getCode() + reason;
        }
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e.getMessage()) : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    @Override
    public void close() {
        client.close();
    }
}
