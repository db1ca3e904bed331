package dev.polycsi.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.URI;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * fabric8's mock API server in CRUD mode on loopback: objects written are read back, watched and
 * patched as by the API server, except for the failures {@link #fail} injects before it.
 */
final class FakeApiServer implements AutoCloseable {

    private final KubernetesMockServer server;
    private final KubernetesClient admin;
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private record Fault(String method, String path, int status, String body) {}

    FakeApiServer() {
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                requests.add(request.getMethod() + " " + path);
                for (Fault fault : faults) {
                    if (fault.method().equals(request.getMethod()) && path.split("\\?")[0].equals(fault.path()) && faults.remove(fault)) {
                        return new MockResponse().setResponseCode(fault.status()).setBody(fault.body());
                    }
                }
                return super.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), crud, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        admin = server.createClient();
    }

    /** The next {@code times} requests of {@code method} on {@code path} (without query) answer {@code status}. */
    void fail(String method, String path, int status, int times) {
        String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + status
                + ",\"message\":\"injected by the test\"}";
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(method, path, status, body));
        }
    }

    /** Every request so far, as "METHOD /path?query". */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** A client for arranging and checking the API's state, not the code under test's. */
    KubernetesClient admin() {
        return admin;
    }

    /** The code under test's way in: the URL with no credentials, as POLYCSI_KUBE_API gives it. */
    KubeApi api() {
        return KubeApi.at(URI.create("http://127.0.0.1:" + server.getPort()));
    }

    @Override
    public void close() {
        admin.close();
        server.destroy();
    }
}
