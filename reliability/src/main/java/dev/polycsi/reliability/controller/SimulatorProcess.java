package dev.polycsi.reliability.controller;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code polycsi simulator --simulator-state} as a process of its own: AWS goes on while the
 * controller dies. Its knobs and counters through the control endpoint.
 */
public final class SimulatorProcess implements AutoCloseable {

    private static final Pattern COUNTER = Pattern.compile("\"([a-z0-9]+\\.[A-Za-z0-9]+)\":\\{\"calls\":(\\d+),\"errors\":(\\d+),\"throttled\":(\\d+),\"dropped\":(\\d+)");

    private final Process process;
    private final URI endpoint;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SimulatorProcess(Process process, URI endpoint, Path dataDir) {
        this.process = process;
        this.endpoint = endpoint;
        this.dataDir = dataDir;
    }

    /** Starts one keeping its state in {@code dir/state}, its data in {@code dir/data} and its log in {@code dir/simulator.log}. */
    public static SimulatorProcess start(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path dataDir = dir.resolve("data");
        ProcessBuilder builder = JavaCommand.loopbackOnly(new ProcessBuilder(JavaCommand.polycsi(JavaCommand.SIMULATOR_FLAGS, List.of("simulator", "--port", "0",
                "--simulator-state", dir.resolve("state").toString(), "--simulator-data", dataDir.toString())))
                .redirectError(dir.resolve("simulator.log").toFile()));
        Process process = builder.start();
        process.getOutputStream().close();
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("the simulator printed no endpoint; see " + dir.resolve("simulator.log"));
        }
        return new SimulatorProcess(process, URI.create(line.strip()), dataDir);
    }

    public URI endpoint() {
        return endpoint;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Sets knobs, one {@code key=value} each. */
    public void knobs(List<String> lines) throws IOException, InterruptedException {
        if (!lines.isEmpty()) {
            post("knobs", String.join("\n", lines) + "\n");
        }
    }

    /** Back to fast and fault-free. */
    public void resetKnobs() throws IOException, InterruptedException {
        post("knobs/reset", "");
    }

    /** Calls per {@code service.Action} so far: [calls, errors, throttled, dropped]. */
    public Map<String, long[]> counters() throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(endpoint.resolve("/_polycsi/counters")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, long[]> counters = new TreeMap<>();
        Matcher matcher = COUNTER.matcher(body);
        while (matcher.find()) {
            counters.put(matcher.group(1), new long[] {Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(3)),
                    Long.parseLong(matcher.group(4)), Long.parseLong(matcher.group(5))});
        }
        return counters;
    }

    private void post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/_polycsi/" + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("POST /_polycsi/" + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Sums of every counter: [calls, errors, throttled, dropped]. */
    public static long[] totals(Map<String, long[]> counters) {
        long[] sum = new long[4];
        counters.values().forEach(c -> {
            for (int i = 0; i < 4; i++) {
                sum[i] += c[i];
            }
        });
        return sum;
    }

    /** The counters of {@code after} less those of {@code before}. */
    public static Map<String, long[]> since(Map<String, long[]> before, Map<String, long[]> after) {
        Map<String, long[]> delta = new TreeMap<>();
        after.forEach((key, values) -> {
            long[] earlier = before.getOrDefault(key, new long[4]);
            delta.put(key, new long[] {values[0] - earlier[0], values[1] - earlier[1], values[2] - earlier[2], values[3] - earlier[3]});
        });
        return delta;
    }
}
