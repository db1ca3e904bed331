package dev.polycsi.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Kubernetes API is and how polycsi authenticates to it: in a pod, the service
 * account's token and CA with the API server from {@code KUBERNETES_SERVICE_HOST/PORT}; with
 * {@code POLYCSI_KUBE_API} set, that URL as it is, with no credentials ({@code kubectl proxy}
 * for development, a fake API server for tests). Nothing else is read: no kubeconfig, no
 * {@code kubernetes.*} system properties, so a driver never talks to a cluster by accident.
 */
public final class KubeApi {

    /** The variable Kubernetes sets in every pod; its absence means "not in a cluster". */
    public static final String SERVICE_HOST = "KUBERNETES_SERVICE_HOST";
    /** A plain URL to the API, overriding the in-cluster one. */
    public static final String API_URL = "POLYCSI_KUBE_API";
    static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    private final Config config;
    private final String where;

    private KubeApi(Config config, String where) {
        this.config = config;
        this.where = where;
    }

    /** The API this environment names, if any. Reads no file yet: the token is read per request. */
    public static Optional<KubeApi> fromEnvironment(Map<String, String> env) {
        String url = env.get(API_URL);
        if (url != null && !url.isBlank()) {
            return Optional.of(at(URI.create(url)));
        }
        String host = env.get(SERVICE_HOST);
        if (host == null || host.isBlank()) {
            return Optional.empty();
        }
        String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        // An IPv6 cluster's service address needs brackets in a URL.
        String authority = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        return Optional.of(inCluster(URI.create("https://" + authority), SERVICE_ACCOUNT));
    }

    /** Whether this environment names an API at all; cheap, and loads no client class. */
    public static boolean configured(Map<String, String> env) {
        return !env.getOrDefault(API_URL, "").isBlank() || !env.getOrDefault(SERVICE_HOST, "").isBlank();
    }

    /** A URL used as it is, with no credentials. */
    public static KubeApi at(URI url) {
        return new KubeApi(base().withMasterUrl(url.toString()).build(), url.toString());
    }

    static KubeApi inCluster(URI url, Path serviceAccount) {
        Path token = serviceAccount.resolve("token");
        Config config = base().withMasterUrl(url.toString())
                .withCaCertFile(serviceAccount.resolve("ca.crt").toString())
                // Projected tokens are rotated by the kubelet (hourly): read the file for each request.
                .withOauthTokenProvider(() -> readToken(token))
                .build();
        return new KubeApi(config, url.toString());
    }

    private static ConfigBuilder base() {
        // Each caller retries in its own way and within its own bound; the client's own retries
        // (10 by default) would hide an unreachable API from a CSI call for many seconds.
        return new ConfigBuilder(Config.empty())
                .withRequestRetryBackoffLimit(1)
                .withRequestRetryBackoffInterval(200)
                .withConnectionTimeout(5_000)
                .withRequestTimeout(10_000)
                .withUserAgent("polycsi");
    }

    private static String readToken(Path token) {
        try {
            return Files.readString(token).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service account token " + token, e);
        }
    }

    /** A new client over the JDK's HTTP client; the caller closes it. */
    public KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    @Override
    public String toString() {
        return where;
    }
}
