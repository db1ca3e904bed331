package dev.polycsi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of deploy/docker/Dockerfile that can run without a container engine: its jlink
 * module list covers what the JAR uses (jdeps), the trimmed runtime starts polycsi, the AOT
 * training script writes a cache per role that runtime accepts with the manifests' flags, and the
 * paths the manifests name are the ones the image has (each workload the cache of its own role).
 */
class DockerfileTest {

    private static final Pattern MODULES = Pattern.compile("ARG JAVA_MODULES=(\\S+)");
    private static final Pattern AOT_CACHE = Pattern.compile("-XX:AOTCache=(\\S+)");

    @Test
    void jlinkModulesCoverWhatTheJarUses() throws Exception {
        Path jar = requireJar();
        JvmFlagsTest.Result jdeps = JvmFlagsTest.run(List.of(Repo.javaHome().resolve("bin/jdeps").toString(),
                "--print-module-deps", "--ignore-missing-deps", "--multi-release", "25", jar.toString()));
        assertEquals(0, jdeps.exit(), jdeps.output());
        String lastLine = jdeps.output().strip().lines().reduce((a, b) -> b).orElseThrow();
        Set<String> needed = new TreeSet<>(List.of(lastLine.split(",")));
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(modules());
        assertEquals(Set.of(), missing, "add these modules to JAVA_MODULES in deploy/docker/Dockerfile");
    }

    @Test
    void theTrimmedRuntimeRunsPolycsiWithATrainedAotCache(@TempDir Path dir) throws Exception {
        Path jar = requireJar();
        Path runtime = dir.resolve("jre");
        JvmFlagsTest.Result jlink = JvmFlagsTest.run(List.of(Repo.javaHome().resolve("bin/jlink").toString(),
                "--add-modules", String.join(",", modules()), "--strip-debug", "--no-man-pages", "--no-header-files",
                "--generate-cds-archive", "--output", runtime.toString()));
        assertEquals(0, jlink.exit(), jlink.output());
        Path java = runtime.resolve("bin/java");

        Path caches = dir.resolve("aot");
        JvmFlagsTest.Result training = JvmFlagsTest.run(List.of("sh", Repo.deploy("docker/train-aot.sh").toString(),
                java.toString(), jar.toString(), caches.toString()));
        assertEquals(0, training.exit(), training.output());

        for (K8sObject workload : Manifests.workloads().toList()) {
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            for (String flag : JvmFlags.of(workload)) {
                Matcher cache = AOT_CACHE.matcher(flag);
                command.add(cache.matches() ? "-XX:AOTCache=" + caches.resolve(Path.of(cache.group(1)).getFileName()) : flag);
            }
            // fail instead of running on without the AOT cache, or (the controller, which names none)
            // without the runtime's CDS archive
            command.add("-XX:AOTMode=on");
            command.addAll(List.of("-jar", jar.toString(), "backends"));
            JvmFlagsTest.Result run = JvmFlagsTest.run(command);
            assertEquals(0, run.exit(), workload + ": " + run.output());
            List<String> listed = run.output().lines().map(String::strip).toList();
            for (String backend : Backends.builtIn().keySet()) {
                assertTrue(listed.contains(backend), workload + ": 'polycsi backends' does not list " + backend + ":\n" + run.output());
            }
        }
    }

    @Test
    void theManifestsNameThePathsTheImageHas() {
        String dockerfile = Repo.read(Repo.deploy("docker/Dockerfile"));
        assertTrue(dockerfile.contains("ENTRYPOINT [\"/opt/polycsi/jre/bin/java\", \"-jar\", \"/opt/polycsi/polycsi.jar\"]"));
        assertTrue(dockerfile.contains("COPY --from=build /polycsi.jar /opt/polycsi/polycsi.jar"));
        Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(dockerfile);
        while (copy.find()) {
            if (!copy.group(1).equals(".")) {
                assertTrue(Files.exists(Repo.root().resolve(copy.group(1))), "the Dockerfile copies a missing " + copy.group(1));
            }
        }
        Matcher trained = Pattern.compile("train-aot\\.sh \\S+ \\S+ (\\S+)").matcher(dockerfile);
        assertTrue(trained.find(), "the Dockerfile trains the AOT caches");
        Path cacheDir = Path.of(trained.group(1));
        Manifests.workloads().forEach(workload -> {
            String role = Manifests.role(workload);
            JvmFlags.of(workload).stream().map(AOT_CACHE::matcher).filter(Matcher::matches).forEach(m -> assertEquals(
                    cacheDir.resolve(role + ".aot").toString(), m.group(1), workload + ": the AOT cache the image trains for " + role));
        });
        assertTrue(dockerfile.contains("USER 65532:65532"), "the image runs as non-root by default");
    }

    private static Set<String> modules() {
        Matcher matcher = MODULES.matcher(Repo.read(Repo.deploy("docker/Dockerfile")));
        assertTrue(matcher.find(), "the Dockerfile declares ARG JAVA_MODULES=…");
        return new TreeSet<>(List.of(matcher.group(1).split(",")));
    }

    private static Path requireJar() {
        var jar = Repo.polycsiJar();
        assumeTrue(jar.isPresent(), "launcher/target/polycsi.jar is not built (run 'mvn verify' from the root, or package the launcher first)");
        return jar.orElseThrow();
    }
}
