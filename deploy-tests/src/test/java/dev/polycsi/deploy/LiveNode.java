package dev.polycsi.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code polycsi node --simulate} with every built-in backend, once its backends
 * have started: what a node's endpoint serves, the gauges its backends register included.
 */
final class LiveNode {

    private static final Pattern SERVING = Pattern.compile("serving metrics on (http://\\S+/metrics)");
    private static final long READY_SECONDS = 60;

    private LiveNode() {
    }

    static String scrape() {
        Path jar = Repo.polycsiJar().orElse(null);
        assumeTrue(jar != null, "launcher/target/polycsi.jar is not built: run mvn package first");
        Process node = null;
        Path dir = null;
        try {
            dir = Files.createTempDirectory("polycsi-live-node-");
            Path log = dir.resolve("node.log");
            List<String> command = new ArrayList<>(List.of(Repo.javaHome().resolve("bin/java").toString(), "-jar", jar.toString(),
                    "node", "--simulate", "--simulator-data", dir.resolve("simulator").toString(),
                    "--endpoint", "unix://" + dir.resolve("csi.sock"), "--metrics-address", "127.0.0.1:0"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
            node = builder.start();
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
            while (System.nanoTime() < deadline) {
                if (!node.isAlive()) {
                    throw new AssertionError("the node exited:\n" + Files.readString(log));
                }
                String logged = Files.readString(log);
                Matcher serving = SERVING.matcher(logged);
                // The backends register their gauges as they start; the node logs each one ready.
                if (serving.find() && logged.contains("backend 'ebs' ready")) {
                    return http.send(HttpRequest.newBuilder(URI.create(serving.group(1))).build(), HttpResponse.BodyHandlers.ofString()).body();
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the node did not serve metrics with its backends ready in " + READY_SECONDS + " s:\n"
                    + Files.readString(log));
        } catch (Exception e) {
            throw new AssertionError("cannot scrape a node: " + e, e);
        } finally {
            if (node != null) {
                node.destroy();
                try {
                    node.waitFor(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                node.destroyForcibly();
            }
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory: left for the system to clean
        }
    }
}
