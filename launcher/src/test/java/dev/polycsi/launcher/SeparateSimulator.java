package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polycsi.core.conformance.Mounts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.fsx.FSxClient;

/**
 * A {@code polycsi simulator} process of its own, for tests whose driver restarts while AWS keeps
 * going: its endpoint, an SDK FSxClient on it to read what FSx holds, its knobs and its counters.
 */
final class SeparateSimulator implements AutoCloseable {

    private static final Pattern COUNTER = Pattern.compile("\"%s\\.%s\":\\{\"calls\":(\\d+),\"errors\":(\\d+),\"throttled\":(\\d+)[,}]");

    private final Process process;
    private final URI endpoint;
    private final FSxClient fsx;
    private final Path dir;
    private final HttpClient http = HttpClient.newHttpClient();

    private SeparateSimulator(Process process, URI endpoint, Path dir) {
        this.process = process;
        this.endpoint = endpoint;
        this.dir = dir;
        this.fsx = FSxClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Starts one with its data under {@code dir/data} and its log in {@code dir/simulator.log}. */
    static SeparateSimulator start(Path dir) throws Exception {
        Process process = new ProcessBuilder(SimulateModeTest.java("simulator", "--port", "0", "--simulator-data",
                dir.resolve("data").toString()))
                .redirectError(dir.resolve("simulator.log").toFile()).start();
        URI endpoint = URI.create(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine());
        return new SeparateSimulator(process, endpoint, dir);
    }

    URI endpoint() {
        return endpoint;
    }

    /**
     * {@code polycsi all} of the backends named (comma-separated, e.g. {@code fsx-lustre,filecache})
     * against this simulator, working in {@code dir/name}, each backend polling FSx first after 1 s.
     */
    SubprocessDriver driver(String name, String backends) throws Exception {
        Path workDir = Files.createDirectories(dir.resolve(name));
        List<String> arguments = new ArrayList<>(List.of("all",
                "--simulate", "--simulator-url", endpoint.toString(),
                "--backends", backends));
        for (String backend : backends.split(",")) {
            arguments.addAll(List.of("--backend-option", backend + ".first-poll-seconds=1"));
        }
        return SubprocessDriver.start(workDir, Duration.ofSeconds(60), arguments);
    }

    FSxClient fsx() {
        return fsx;
    }

    /** Where the simulator keeps a resource's data, e.g. {@code fsx/fsvol-…}. */
    Path data(String relative) {
        return dir.resolve("data").resolve(relative);
    }

    void knobs(String... lines) throws Exception {
        post("knobs", String.join("\n", lines) + "\n");
    }

    void resetKnobs() throws Exception {
        post("knobs/reset", "");
    }

    private void post(String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/_polycsi/" + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    /** The simulator's calls, errors and throttled answers of one action of a service, e.g. ("fsx", "CreateVolume"). */
    long[] counter(String service, String action) throws Exception {
        String counters = http.send(HttpRequest.newBuilder(endpoint.resolve("/_polycsi/counters")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = Pattern.compile(COUNTER.pattern().formatted(service, action)).matcher(counters);
        if (!matcher.find()) {
            return new long[3];
        }
        return new long[] {Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(3))};
    }

    /** Stops it with SIGTERM; false unless it exited cleanly. Unmounts what the drivers left under {@code dir}. */
    boolean stop() throws Exception {
        fsx.close();
        process.destroy();
        boolean exited = process.waitFor(30, TimeUnit.SECONDS);
        Mounts.unmountAllUnder(dir);
        return exited && process.exitValue() == 0;
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
