package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiClient;
import dev.polycsi.core.conformance.Mounts;
import dev.polycsi.spi.SpiVersion;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A plugin author outside this repository, with nothing but the guide: the POM, the services file
 * and the conformance test are taken from backend-spi/README.md as they stand, with the small
 * backend in src/test/resources/out-of-tree-plugin. A separate {@code mvn -o package} builds it
 * against a local repository holding only what the guide tells the author to install (the SPI,
 * csi-core and its conformance classifier, the parent POM, from this build), with the outer
 * build's local repository as a read-only remote, and must run the suite and pass. The plugin
 * JAR it makes is then served by {@code polycsi.jar --plugin-dir}.
 */
class OutOfTreePluginIT {

    private static final Path ROOT = Path.of(System.getProperty("polycsi.test.root", ".."));
    private static final String VERSION = System.getProperty("polycsi.test.version");
    private static final Path GUIDE = ROOT.resolve("backend-spi/README.md");
    /** A fenced block preceded by {@code <!-- file: PATH -->} is the content of PATH in the plugin project. */
    private static final Pattern FILE_BLOCK = Pattern.compile("<!-- file: (\\S+) -->\\s*\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);
    private static final String SUITE_REPORT = "target/surefire-reports/TEST-com.example.mybackend.MyBackendConformanceTest.xml";

    @Test
    void aPluginBuiltFromTheGuideAlonePassesTheSuiteAndIsServed(@TempDir Path work) throws Exception {
        Optional<Path> mvn = onPath("mvn");
        assumeTrue(mvn.isPresent(), "mvn is not on PATH: this test builds a plugin with a Maven of its own, as its author would");
        assertNotNull(VERSION, "system property polycsi.test.version is not set; run the test through Maven");
        long started = System.nanoTime();

        Path project = Files.createDirectories(work.resolve("mybackend"));
        Map<String, String> files = filesOfTheGuide();
        assertEquals(List.of("pom.xml", "src/main/resources/META-INF/services/dev.polycsi.spi.BackendFactory",
                "src/test/java/com/example/mybackend/MyBackendConformanceTest.java"), List.copyOf(files.keySet()));
        assertVersionsAreThisBuilds(files.get("pom.xml"));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.createDirectories(project.resolve(file.getKey()).getParent());
            Files.writeString(project.resolve(file.getKey()), file.getValue());
        }
        copyTree(Path.of(OutOfTreePluginIT.class.getResource("/out-of-tree-plugin").toURI()), project);

        Path repository = work.resolve("repository");
        installWhatTheGuideInstalls(repository);
        Path userRepository = Path.of(System.getProperty("polycsi.test.localRepository",
                System.getProperty("user.home") + "/.m2/repository"));
        Path settings = Files.writeString(work.resolve("settings.xml"), settings(userRepository));

        FileTime beforeBuild = FileTime.fromMillis(System.currentTimeMillis() - 1000);
        Path log = work.resolve("build.log");
        int exit = run(project, log, List.of(mvn.get().toString(), "-B", "-ntp", "-o", "-Daether.offline.protocols=file",
                "-s", settings.toString(), "-Dmaven.repo.local=" + repository, "package"));
        long built = System.nanoTime();
        assertEquals(0, exit, () -> "the plugin's own build failed:\n" + tail(log, 150));
        assertSuitePassed(project.resolve(SUITE_REPORT), log);
        assertNothingWrittenTo(userRepository, repository, beforeBuild);

        Path plugins = project.resolve("target/plugins");
        Path jar = plugins.resolve("mybackend/mybackend-1.0.0.jar");
        try (JarFile file = new JarFile(jar.toFile())) {
            assertEquals(SpiVersion.CURRENT, file.getManifest().getMainAttributes().getValue(SpiVersion.MANIFEST_ATTRIBUTE),
                    "the plugin's manifest does not name this build's SPI");
        }
        try (Stream<Path> libraries = Files.list(jar.getParent())) {
            assertEquals(List.of(jar), libraries.toList(), "the plugin directory holds more than the plugin (the SPI must stay out)");
        }

        servedByPolycsiJar(work, plugins);
        System.out.printf("OutOfTreePluginIT: plugin build %d s, in all %d s%n",
                (built - started) / 1_000_000_000, (System.nanoTime() - started) / 1_000_000_000);
    }

    /** The files the guide gives, by their path in the plugin project, in the guide's order. */
    private static Map<String, String> filesOfTheGuide() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        Matcher block = FILE_BLOCK.matcher(Files.readString(GUIDE));
        while (block.find()) {
            files.put(block.group(1), block.group(2));
        }
        return files;
    }

    /** The guide's POM names the polycsi and the SPI of this build, so that copying it works as it is. */
    private static void assertVersionsAreThisBuilds(String pom) {
        assertEquals(VERSION, property(pom, "polycsi.version"), GUIDE + ": the POM's polycsi.version is not this build's");
        assertEquals(SpiVersion.CURRENT, property(pom, "polycsi.spi.version"), GUIDE + ": the POM's polycsi.spi.version is not this SPI's");
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</").matcher(pom);
        return m.find() ? m.group(1) : null;
    }

    /**
     * What {@code mvn install -pl backend-spi,csi-core -am} puts in a local repository, from this
     * build's own POMs and JARs: laid out directly, since the outer build (verify) may never have
     * resolved the install plugin that the offline build below would need.
     */
    private static void installWhatTheGuideInstalls(Path repository) throws IOException {
        Path base = repository.resolve("dev/polycsi");
        install(ROOT.resolve("pom.xml"), base.resolve("polycsi-parent"), "polycsi-parent-" + VERSION + ".pom");
        install(ROOT.resolve("backend-spi/pom.xml"), base.resolve("backend-spi"), "backend-spi-" + VERSION + ".pom");
        install(ROOT.resolve("csi-core/pom.xml"), base.resolve("csi-core"), "csi-core-" + VERSION + ".pom");
        for (String jar : List.of("backend-spi/target/backend-spi-" + VERSION + ".jar", "csi-core/target/csi-core-" + VERSION + ".jar",
                "csi-core/target/csi-core-" + VERSION + "-conformance.jar")) {
            Path built = ROOT.resolve(jar);
            assertTrue(Files.isRegularFile(built), built + " is missing: build backend-spi and csi-core first (mvn verify -pl launcher -am)");
            install(built, base.resolve(jar.substring(0, jar.indexOf('/'))), built.getFileName().toString());
        }
    }

    private static void install(Path file, Path artifact, String name) throws IOException {
        Path target = Files.createDirectories(artifact.resolve(VERSION)).resolve(name);
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Every repository mirrored by the outer build's local repository, read through file://, so the
     * build resolves offline without writing there; its copies carry no checksums to check.
     */
    private static String settings(Path userRepository) {
        String policies = "<releases><checksumPolicy>ignore</checksumPolicy></releases><snapshots><enabled>false</enabled></snapshots>";
        return """
                <settings>
                  <mirrors>
                    <mirror><id>outer-build-repository</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                  <profiles>
                    <profile>
                      <id>read-only-copies</id>
                      <repositories><repository><id>central</id><url>https://repo.maven.apache.org/maven2</url>%s</repository></repositories>
                      <pluginRepositories><pluginRepository><id>central</id><url>https://repo.maven.apache.org/maven2</url>%s</pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>read-only-copies</activeProfile></activeProfiles>
                </settings>
                """.formatted(userRepository.toUri(), policies, policies);
    }

    private static int run(Path directory, Path log, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        String javaHome = System.getProperty("java.home");
        builder.environment().put("JAVA_HOME", javaHome);
        builder.environment().put("PATH", javaHome + "/bin" + File.pathSeparator + System.getenv("PATH"));
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("the plugin's build did not finish within 5 minutes:\n" + tail(log, 150));
        }
        return process.exitValue();
    }

    /** The suite ran, passed, and (as root) took volumes through the node, where it mounts. */
    private static void assertSuitePassed(Path report, Path log) throws Exception {
        assertTrue(Files.isRegularFile(report), () -> "the conformance suite did not run:\n" + tail(log, 150));
        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile()).getDocumentElement();
        int tests = Integer.parseInt(suite.getAttribute("tests"));
        assertTrue(tests >= 40, "the suite ran " + tests + " tests");
        assertEquals("0", suite.getAttribute("failures"), () -> tail(log, 150));
        assertEquals("0", suite.getAttribute("errors"), () -> tail(log, 150));
        NodeList cases = suite.getElementsByTagName("testcase");
        Boolean lifecycleSkipped = null;
        for (int i = 0; i < cases.getLength(); i++) {
            Element testCase = (Element) cases.item(i);
            if (testCase.getAttribute("name").startsWith("nodePublishLifecycle")) {
                lifecycleSkipped = testCase.getElementsByTagName("skipped").getLength() > 0;
            }
        }
        assertNotNull(lifecycleSkipped, "the report has no nodePublishLifecycle");
        assertEquals(!Mounts.isRoot(), lifecycleSkipped, "nodePublishLifecycle runs as root and only as root");
    }

    /** No file in the outer repository's directories of what the build resolved changed while it ran. */
    private static void assertNothingWrittenTo(Path userRepository, Path repository, FileTime since) throws IOException {
        List<Path> resolved;
        try (Stream<Path> files = Files.walk(repository)) {
            resolved = files.filter(Files::isRegularFile).map(f -> repository.relativize(f.getParent())).distinct().toList();
        }
        assertTrue(resolved.stream().anyMatch(dir -> dir.startsWith("org/junit/jupiter")), "JUnit was not resolved into " + repository);
        List<Path> written = new ArrayList<>();
        for (Path dir : resolved) {
            Path outer = userRepository.resolve(dir);
            if (!Files.isDirectory(outer)) {
                continue;
            }
            try (Stream<Path> files = Files.list(outer)) {
                files.filter(f -> lastModified(f).compareTo(since) >= 0).forEach(written::add);
            }
        }
        assertEquals(List.of(), written, "the plugin's build wrote into " + userRepository);
    }

    /** {@code polycsi.jar all --plugin-dir …} loads the plugin and serves its volumes. */
    private static void servedByPolycsiJar(Path work, Path plugins) throws Exception {
        Path socket = work.resolve("csi.sock");
        Path log = work.resolve("driver.log");
        Path volumes = work.resolve("volumes");
        Process driver = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-jar", PolycsiJarIT.JAR.toString(), "all", "--endpoint", "unix://" + socket, "--plugin-dir", plugins.toString(),
                "--backends", "mybackend", "--node-id", "it-node", "--backend-option", "mybackend.root=" + volumes))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (CsiClient csi = new CsiClient(socket, Duration.ofSeconds(30))) {
            csi.waitUntilReady(Duration.ofSeconds(60), driver::isAlive);
            assertTrue(csi.identity().getPluginCapabilities(Csi.GetPluginCapabilitiesRequest.getDefaultInstance())
                    .getCapabilitiesList().stream()
                    .anyMatch(c -> c.getService().getType() == Csi.PluginCapability.Service.Type.CONTROLLER_SERVICE));
            assertTrue(csi.controller().controllerGetCapabilities(Csi.ControllerGetCapabilitiesRequest.getDefaultInstance())
                    .getCapabilitiesList().stream()
                    .anyMatch(c -> c.getRpc().getType() == Csi.ControllerServiceCapability.RPC.Type.CREATE_DELETE_VOLUME));

            Csi.VolumeCapability capability = Csi.VolumeCapability.newBuilder()
                    .setMount(Csi.VolumeCapability.MountVolume.getDefaultInstance())
                    .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
                    .build();
            Csi.Volume volume = csi.controller().createVolume(Csi.CreateVolumeRequest.newBuilder()
                    .setName("pvc-out-of-tree").addVolumeCapabilities(capability).putParameters("backend", "mybackend").build()).getVolume();
            assertTrue(volume.getVolumeId().matches("mybackend:v-[0-9a-f]{16}"), volume.getVolumeId());
            assertTrue(Files.isDirectory(volumes.resolve(volume.getVolumeId().substring("mybackend:".length()))));
            assertTrue(csi.controller().validateVolumeCapabilities(Csi.ValidateVolumeCapabilitiesRequest.newBuilder()
                    .setVolumeId(volume.getVolumeId()).addVolumeCapabilities(capability).build()).hasConfirmed());
            csi.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).build());
            assertFalse(Files.exists(volumes.resolve(volume.getVolumeId().substring("mybackend:".length()))));
        } finally {
            driver.destroy();
            boolean exited = driver.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                driver.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(exited, "the driver did not stop within 30 s of SIGTERM:\n" + output);
            assertEquals(0, driver.exitValue(), output);
            assertFalse(output.contains(SpiVersion.MANIFEST_ATTRIBUTE), "the driver complained about the plugin's SPI version:\n" + output);
        }
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command)).filter(Files::isExecutable).findFirst();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
