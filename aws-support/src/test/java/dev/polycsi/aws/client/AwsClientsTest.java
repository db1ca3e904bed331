package dev.polycsi.aws.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.polycsi.spi.AwsAccess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.EfsException;

/** What a built client sends, seen by a server on loopback (EFS, a small REST-JSON service). */
class AwsClientsTest {

    private static final ClientConfig FAST = new ClientConfig(3, Duration.ofSeconds(5), Duration.ofSeconds(20));

    /** What the server saw of one request. */
    record Seen(String path, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.getOrDefault(name, List.of()).stream().findFirst().orElse("");
        }
    }

    private HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile Duration delay = Duration.ZERO;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor()); // a hanging answer holds up no other
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        seen.add(new Seen(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders())));
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = (status == 200 ? "{\"FileSystems\":[]}" : "{\"message\":\"down\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (status != 200) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "InternalServerError");
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private AwsAccess access() {
        return new AwsAccess(Optional.of("eu-west-3"), Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
                Optional.empty(), Optional.of("AKIDPOLYCSITEST"), Optional.of("secret"));
    }

    @Test
    void appliesRegionEndpointCredentialsAndUserAgent() {
        try (EfsClient efs = AwsClients.build(EfsClient.builder(), access(), FAST)) {
            assertTrue(efs.describeFileSystems().fileSystems().isEmpty());
        }
        assertEquals(1, seen.size());
        Seen request = seen.getFirst();
        assertEquals("/2015-02-01/file-systems", request.path());
        String authorization = request.header("Authorization");
        assertTrue(authorization.contains("Credential=AKIDPOLYCSITEST/") && authorization.contains("/eu-west-3/elasticfilesystem/aws4_request"),
                authorization);
        String agent = request.header("User-agent");
        assertTrue(agent.endsWith(" polycsi/" + System.getProperty("polycsi.test.version")), agent);
        assertFalse(agent.contains("polycsi/unknown"), agent);
    }

    @Test
    void retriesServerErrorsUpToMaxAttempts() {
        status = 500;
        try (EfsClient efs = AwsClients.build(EfsClient.builder(), access(), FAST)) {
            EfsException e = assertThrows(EfsException.class, efs::describeFileSystems);
            assertEquals(500, e.statusCode());
        }
        assertEquals(3, seen.size());
    }

    @Test
    void anAttemptThatHangsIsCutOffAtTheAttemptTimeout() {
        ClientConfig impatient = new ClientConfig(1, Duration.ofMillis(300), Duration.ofMillis(600));
        try (EfsClient efs = AwsClients.build(EfsClient.builder(), access(), impatient)) {
            efs.describeFileSystems(); // loads the SDK's classes, which a cold JVM takes seconds for
            delay = Duration.ofSeconds(10);
            long start = System.nanoTime();
            // the SDK's attempt timeout or the socket's read timeout, both the attempt timeout, whichever fires first
            assertThrows(SdkClientException.class, efs::describeFileSystems);
            long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(tookMs < 3000, "the client waited " + tookMs + " ms for a server that answers after 10 s");
        }
    }

    @Test
    void clientsOnASharedHttpClientRunTheirInterceptors() {
        AtomicInteger sent = new AtomicInteger();
        ExecutionInterceptor counting = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                sent.incrementAndGet();
            }
        };
        try (SdkHttpClient http = AwsClients.httpClient(FAST)) {
            try (EfsClient counted = AwsClients.build(EfsClient.builder(), access(), FAST, http, List.of(counting));
                    EfsClient plain = AwsClients.build(EfsClient.builder(), access(), FAST, http, List.of())) {
                counted.describeFileSystems();
                plain.describeFileSystems();
            }
            // closing the clients left the shared HTTP client open for others
            try (EfsClient later = AwsClients.build(EfsClient.builder(), access(), FAST, http, List.of())) {
                later.describeFileSystems();
            }
        }
        assertEquals(1, sent.get());
        assertEquals(3, seen.size());
    }

    @Test
    void configRefusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ClientConfig(0, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new ClientConfig(1, Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertEquals(2, FAST.withMaxAttempts(2).maxAttempts());
    }
}
