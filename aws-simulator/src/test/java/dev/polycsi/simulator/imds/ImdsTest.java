package dev.polycsi.simulator.imds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.imds.Ec2MetadataRetryPolicy;

/** The SDK's own metadata client, pointed at the simulator, reads what the EBS driver and SDK read. */
class ImdsTest {

    @TempDir
    Path dataDir;

    private AwsSimulator simulator;
    private Ec2MetadataClient imds;

    @BeforeEach
    void start() throws Exception {
        simulator = AwsSimulator.start(SimulatorConfig.defaults(dataDir), new Knobs(), BlockStorage.NONE, List.of(ImdsService::new));
        imds = Ec2MetadataClient.builder()
                .endpoint(simulator.endpoint())
                .httpClient(UrlConnectionHttpClient.create())
                .retryPolicy(Ec2MetadataRetryPolicy.none())
                .build();
    }

    @AfterEach
    void stop() {
        imds.close();
        simulator.close();
    }

    @Test
    void servesTheInstanceAndItsPlacement() {
        assertEquals(SimulatorConfig.DEFAULT_INSTANCE, get("/latest/meta-data/instance-id"));
        assertEquals("m5.large", get("/latest/meta-data/instance-type"));
        assertEquals("us-east-1a", get("/latest/meta-data/placement/availability-zone"));
        assertEquals("use1-az1", get("/latest/meta-data/placement/availability-zone-id"));
        assertEquals("us-east-1", get("/latest/meta-data/placement/region"));
        assertEquals("ip-127-0-0-1.ec2.internal", get("/latest/meta-data/local-hostname"));
        assertEquals("127.0.0.1", get("/latest/meta-data/local-ipv4"));
        assertEquals("aws", get("/latest/meta-data/services/partition"));
    }

    @Test
    void listsTheBlockDevicesTheInstanceWasLaunchedWith() {
        assertEquals(List.of("ami", "root"), imds.get("/latest/meta-data/block-device-mapping/").asList());
        assertEquals("/dev/xvda", get("/latest/meta-data/block-device-mapping/ami"));
        assertEquals("/dev/xvda", get("/latest/meta-data/block-device-mapping/root"));
    }

    @Test
    void listsDirectoriesWithATrailingSlashOnSubdirectories() {
        List<String> root = imds.get("/latest/meta-data/").asList();

        assertTrue(root.containsAll(List.of("instance-id", "instance-type", "mac", "placement/", "block-device-mapping/", "network/")), root.toString());
        assertEquals(List.of("availability-zone", "availability-zone-id", "region"), imds.get("/latest/meta-data/placement").asList());
    }

    @Test
    void describesTheNetworkInterfaceByMac() {
        String mac = get("/latest/meta-data/mac");

        assertEquals(List.of(mac + "/"), imds.get("/latest/meta-data/network/interfaces/macs/").asList());
        assertEquals("0", get("/latest/meta-data/network/interfaces/macs/" + mac + "/device-number"));
        assertTrue(get("/latest/meta-data/network/interfaces/macs/" + mac + "/interface-id").startsWith("eni-"));
    }

    @Test
    void servesTheInstanceIdentityDocument() {
        Map<String, Document> document = imds.get("/latest/dynamic/instance-identity/document").asDocument().asMap();

        assertEquals("us-east-1", document.get("region").asString());
        assertEquals(SimulatorConfig.DEFAULT_INSTANCE, document.get("instanceId").asString());
        assertEquals("m5.large", document.get("instanceType").asString());
        assertEquals("us-east-1a", document.get("availabilityZone").asString());
        assertEquals("123456789012", document.get("accountId").asString());
        assertEquals("127.0.0.1", document.get("privateIp").asString());
    }

    @Test
    void anUnknownPathIsNotFound() {
        SdkClientException e = assertThrows(SdkClientException.class, () -> imds.get("/latest/meta-data/outpost-arn"));

        assertTrue(e.getMessage().contains("404"), e.getMessage());
    }

    @Test
    void readsAreCountedAndNeedNoSignature() {
        get("/latest/meta-data/instance-id");
        get("/latest/meta-data/instance-type");

        assertEquals(2, simulator.counters().calls("imds", "GetMetadata"));
        assertEquals(1, simulator.counters().calls("imds", "GetToken"));
    }

    @Test
    void metadataNeedsAValidToken() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertEquals(401, http.send(metadataRequest(null), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(401, http.send(metadataRequest("forged"), HttpResponse.BodyHandlers.ofString()).statusCode());

            HttpResponse<String> token = http.send(tokenRequest("60").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, token.statusCode());
            assertEquals("60", token.headers().firstValue("x-aws-ec2-metadata-token-ttl-seconds").orElseThrow());
            HttpResponse<String> read = http.send(metadataRequest(token.body()), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, read.statusCode());
            assertEquals(SimulatorConfig.DEFAULT_INSTANCE, read.body());
        }
    }

    @Test
    void aTokenNeedsATtlFromOneSecondToSixHoursAndNoProxy() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (String ttl : List.of("0", "21601", "soon")) {
                assertEquals(400, http.send(tokenRequest(ttl).build(), HttpResponse.BodyHandlers.ofString()).statusCode(), ttl);
            }
            HttpRequest withoutTtl = HttpRequest.newBuilder(URI.create(simulator.endpoint() + ImdsService.TOKEN_PATH))
                    .PUT(HttpRequest.BodyPublishers.noBody()).build();
            assertEquals(400, http.send(withoutTtl, HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(200, http.send(tokenRequest("21600").build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpRequest proxied = tokenRequest("60").header("X-Forwarded-For", "127.0.0.2").build();
            assertEquals(403, http.send(proxied, HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    private String get(String path) {
        return imds.get(path).asString();
    }

    private HttpRequest.Builder tokenRequest(String ttl) {
        return HttpRequest.newBuilder(URI.create(simulator.endpoint() + ImdsService.TOKEN_PATH))
                .header("X-aws-ec2-metadata-token-ttl-seconds", ttl)
                .PUT(HttpRequest.BodyPublishers.noBody());
    }

    private HttpRequest metadataRequest(String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.endpoint() + "/latest/meta-data/instance-id")).GET();
        if (token != null) {
            request.header("X-aws-ec2-metadata-token", token);
        }
        return request.build();
    }
}
