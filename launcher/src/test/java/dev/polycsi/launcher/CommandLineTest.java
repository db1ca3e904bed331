package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line as a user meets it: subcommands, their output, and errors for bad flags. */
class CommandLineTest {

    static final String PLUGIN_DIR = System.getProperty("polycsi.test.pluginDir");

    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine commandLine = Main.commandLine();
            commandLine.setErr(new PrintWriter(err, true));
            commandLine.setOut(new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
            int code = commandLine.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(originalOut);
        }
    }

    @Test
    void versionPrintsTheProjectVersion() {
        Run run = run("version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().matches("polycsi \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"), run.out());
    }

    @Test
    void backendsListsEveryBackendOnePerLine() {
        Run run = run("backends", "--plugin-dir", PLUGIN_DIR);
        assertEquals(0, run.exitCode(), run.err());
        // "ebs", "efs", "filecache", "fsx-lustre" and "fsx-ontap" are built in, "inert" on the test class path, "hostpath" in the plugin directory.
        assertEquals(List.of("ebs", "efs", "filecache", "fsx-lustre", "fsx-ontap", "hostpath", "inert"), run.out().lines().sorted().toList());
    }

    @Test
    void describePrintsParameterTablesFromTheSchema() {
        Run run = run("backends", "--plugin-dir", PLUGIN_DIR, "--describe");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("## Backend `hostpath`"), run.out());
        assertTrue(run.out().contains("## Backend `inert`"), run.out());
        assertTrue(run.out().contains("| `root` | string | `/var/lib/polycsi/hostpath` |"), run.out());
        assertTrue(run.out().contains("| `directoryPerms` |"), run.out());
    }

    @Test
    void aPluginDirectoryWithoutAProviderStopsWithItsJarNamed(@org.junit.jupiter.api.io.TempDir Path plugins) throws Exception {
        Path plugin = java.nio.file.Files.createDirectories(plugins.resolve("broken"));
        try (var jar = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(plugin.resolve("empty-backend.jar")))) {
            jar.putNextEntry(new java.util.jar.JarEntry("README.txt"));
            jar.write("no provider here".getBytes(StandardCharsets.UTF_8));
        }
        Run run = run("backends", "--plugin-dir", plugins.toString());
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("empty-backend.jar"), run.err());
        assertTrue(run.err().contains("provides no backend"), run.err());
    }

    @Test
    void jsonLogFormatWritesOneJsonObjectPerEvent() {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            Logging.configure(Logging.Format.json, "info");
            org.apache.logging.log4j.LogManager.getLogger("dev.polycsi.test").info("hello \"json\"");
        } finally {
            System.setErr(originalErr);
            Logging.configure(Logging.Format.text, "info");
        }
        String line = err.toString(StandardCharsets.UTF_8).strip();
        assertTrue(line.startsWith("{") && line.endsWith("}") && !line.contains("\n"), line);
        assertTrue(line.contains("\"message\":\"hello \\\"json\\\"\""), line);
        assertTrue(line.contains("\"log.level\":\"INFO\""), line);
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        Run run = run("node", "--no-such-flag");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--no-such-flag"), run.err());
    }

    @Test
    void aBadEndpointIsRefusedBeforeAnythingStarts() {
        Run run = run("node", "--endpoint", "http://localhost:1", "--plugin-dir", PLUGIN_DIR);
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("unix:///path/csi.sock"), run.err());
    }

    @Test
    void naming_a_backend_that_is_not_there_stops_the_start() {
        Run run = run("node", "--endpoint", "unix:///tmp/polycsi-never-bound.sock", "--plugin-dir", PLUGIN_DIR,
                "--backends", "no-such-backend", "--node-id", "n1");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("'no-such-backend'") && run.err().contains("hostpath") && run.err().contains("ebs"), run.err());
    }

    @Test
    void theEbsDriversFlagsAreShorthandsForEbsOptions() {
        Run run = run("node", "--endpoint", "unix:///tmp/polycsi-never-bound.sock", "--backends", "ebs",
                "--volume-attach-limit", "0", "--node-id", "i-0123456789abcdef0");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("volume-attach-limit") && run.err().contains("'0'"), run.err());
    }

    @Test
    void aBadBackendOptionNamesTheOption() {
        Run run = run("node", "--endpoint", "unix:///tmp/polycsi-never-bound.sock", "--plugin-dir", PLUGIN_DIR,
                "--backend-option", "hostpath.capacity=lots", "--node-id", "n1");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.err().contains("capacity") && run.err().contains("lots"), run.err());
    }

    @Test
    void aDefaultFsTypeThatIsNoFsTypeIsRefused() {
        Run run = run("node", "--endpoint", "unix:///tmp/polycsi-never-bound.sock", "--plugin-dir", PLUGIN_DIR,
                "--default-fstype", "ext4,xfs", "--node-id", "n1");
        assertEquals(1, run.exitCode());
        assertEquals("polycsi: --default-fstype 'ext4,xfs' is not a filesystem type (e.g. ext4)", run.err().strip());
    }
}
