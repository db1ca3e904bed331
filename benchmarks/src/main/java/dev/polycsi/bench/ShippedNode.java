package dev.polycsi.bench;

import static dev.polycsi.bench.ManifestYaml.map;
import static dev.polycsi.bench.ManifestYaml.polycsiContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What deploy/ ships for the node, read from the files rather than copied: the polycsi
 * container's JVM flags (the value of its {@code JDK_JAVA_OPTIONS}, {@code JAVA_TOOL_OPTIONS} or
 * {@code _JAVA_OPTIONS} variable) and arguments in {@code deploy/kubernetes/base/node.yaml}, and
 * the image's AOT training step in {@code deploy/docker/Dockerfile}: the {@code RUN} that writes
 * the cache named by the node's {@code -XX:AOTCache=} (it names the cache's directory, into which
 * the script writes the node's cache, {@code node.aot}), which runs
 * a script the Dockerfile copies from the repository.
 *
 * @param optionsVariable the environment variable the flags are in, as the pod sets it
 * @param flags           the JVM flags, split on white space as the java launcher splits them
 * @param args            the container's arguments ({@code node --endpoint=… …})
 * @param imageCache      the {@code -XX:AOTCache=} file in the image ({@code /opt/polycsi/node.aot})
 * @param trainingScript  the repository's copy of the script the image's training step runs
 * @param trainingArgs    that step's arguments, with the image's paths
 */
record ShippedNode(Path nodeYaml, String optionsVariable, List<String> flags, List<String> args, String imageCache,
                   Path dockerfile, Path trainingScript, List<String> trainingArgs) {

    private static final String AOT_CACHE = ManifestYaml.AOT_CACHE;

    static ShippedNode read(Path repo) throws IOException {
        Path nodeYaml = repo.resolve("deploy/kubernetes/base/node.yaml");
        Path dockerfile = repo.resolve("deploy/docker/Dockerfile");
        Map<String, Object> container = polycsiContainer(nodeYaml);
        ManifestYaml.Launch launch = ManifestYaml.launch(nodeYaml, container, "node");
        String variable = launch.optionsVariable();
        List<String> flags = launch.flags();
        List<String> args = launch.args();
        String cache = launch.aotCache()
                .orElseThrow(() -> new IllegalStateException(nodeYaml + ": the node's flags name no " + AOT_CACHE + "…: " + flags));

        // The Dockerfile: COPY lines from the build context (repository path → image path), and the
        // RUN line of a copied script that names the node's cache or the directory it is written to
        // (train-aot.sh JAVA JAR DIR writes DIR/node.aot).
        String cacheDir = Path.of(cache).getParent().toString();
        Map<String, Path> copied = new LinkedHashMap<>();
        List<String> training = null;
        for (String line : instructions(dockerfile)) {
            List<String> words = List.of(line.strip().split("\\s+"));
            String instruction = words.getFirst().toUpperCase(java.util.Locale.ROOT);
            if (instruction.equals("COPY") && words.size() == 3) {
                copied.put(words.get(2), repo.resolve(words.get(1)));
            } else if (instruction.equals("RUN") && words.size() > 1 && copied.containsKey(words.get(1))
                    && (words.contains(cache) || words.contains(cacheDir))) {
                training = words.subList(1, words.size());
            }
        }
        if (training == null) {
            throw new IllegalStateException(dockerfile + ": no RUN step of a copied script names the node's AOT cache " + cache
                    + " or its directory " + cacheDir);
        }
        Path script = copied.get(training.getFirst());
        if (script == null || !Files.isRegularFile(script)) {
            throw new IllegalStateException(dockerfile + ": the step that trains " + cache + " does not run a script copied from the "
                    + "repository (" + String.join(" ", training) + "); teach ShippedNode how the image trains it now");
        }
        return new ShippedNode(nodeYaml, variable, flags, args, cache, dockerfile, script, List.copyOf(training.subList(1, training.size())));
    }

    /** The node's flags with the image's cache path replaced by {@code cache}. */
    List<String> flagsWithCache(Path cache) {
        return flags.stream().map(f -> f.startsWith(AOT_CACHE) ? AOT_CACHE + cache : f).toList();
    }

    /** The node's flags without the AOT cache (its {@code -Xlog:aot*} setting stays: it only sets what is logged). */
    List<String> flagsWithoutCache() {
        return flags.stream().filter(f -> !f.startsWith(AOT_CACHE)).toList();
    }

    /**
     * The container's arguments for {@code mode} (node or all), serving on {@code socket}; metrics,
     * if it serves them, on a free loopback port (the pod's address is not this machine's).
     */
    List<String> args(String mode, Path socket) {
        List<String> out = new ArrayList<>();
        out.add(mode);
        for (String arg : args.subList(1, args.size())) {
            out.add(ControllerManifest.local(arg, socket));
        }
        return out;
    }

    /** Where the image's training writes the node's cache, when it writes into {@code dir}: DIR/node.aot. */
    Path localCache(Path dir) {
        return dir.resolve(Path.of(imageCache).getFileName().toString());
    }

    /**
     * Runs the image's training step here: its script, with this JVM, this JAR and {@code dir} in
     * place of the image's paths; the node's cache is then {@link #localCache}. Returns the
     * milliseconds it took.
     */
    long train(Path java, Path jar, Path dir, Path log, Path repo) throws IOException, InterruptedException {
        Path out = localCache(dir);
        List<String> command = new ArrayList<>(List.of("sh", trainingScript.toString()));
        command.addAll(imageToLocal(java, jar, dir));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        StartupBenchmark.isolate(builder.environment());
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the AOT training did not finish within 5 minutes; log: " + log);
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(out)) {
            throw new IllegalStateException("the AOT training failed (exit " + process.exitValue() + "):\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** The training step's arguments: the image's java, JAR and cache directory (or cache) become these. */
    List<String> imageToLocal(Path java, Path jar, Path dir) {
        String imageDir = Path.of(imageCache).getParent().toString();
        return trainingArgs.stream().map(arg -> {
            if (arg.equals(imageDir)) {
                return dir.toString();
            } else if (arg.equals(imageCache)) {
                return localCache(dir).toString();
            } else if (arg.endsWith("/bin/java")) {
                return java.toString();
            } else if (arg.endsWith(".jar")) {
                return jar.toString();
            }
            return arg;
        }).toList();
    }

    /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
    private static List<String> instructions(Path dockerfile) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || (stripped.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
            } else {
                current.append(stripped);
                out.add(current.toString());
                current.setLength(0);
            }
        }
        return out;
    }
}
