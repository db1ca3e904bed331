package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A start refused for bad input, as a user sees it: the whole output of the process (stdout and
 * stderr, log lines included) is one line saying what is wrong, or for a bad flag that line and
 * where to look; never a stack trace, and nothing from Guice about the class files its ASM
 * cannot read.
 */
class BadInputTest {

    @TempDir
    Path work;

    record Output(int exitCode, List<String> lines) {}

    /** {@code polycsi all --simulate} with {@code flags}, in a fresh JVM so that everything it prints is seen. */
    Output start(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("all", "--simulate", "--simulator-data", work.resolve("sim").toString()));
        if (!List.of(flags).contains("--endpoint")) {
            args.addAll(List.of("--endpoint", "unix://" + work.resolve("csi.sock")));
        }
        args.addAll(List.of(flags));
        Path log = work.resolve("output.txt");
        ProcessBuilder builder = new ProcessBuilder(SimulateModeTest.java(args.toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("polycsi did not exit on bad input within 60 s: " + Files.readString(log));
        }
        return new Output(process.exitValue(), Files.readAllLines(log, StandardCharsets.UTF_8));
    }

    static void assertNoNoise(Output output) {
        String all = String.join("\n", output.lines());
        for (String noise : List.of("\tat ", "Exception", "Guice", "guice", "major version", "WARN", "ERROR")) {
            assertFalse(all.contains(noise), () -> "'" + noise + "' in:\n" + all);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --backend-option ebs.nonsense=1               | unknown parameter 'nonsense'; allowed: extra-tags,
            --backend-option ebs.ec2-rate-limits=garbage  | parameter 'ec2-rate-limits': invalid value 'garbage'
            --backend-option nonsense                     | backend option 'nonsense' is not <backend>.<key>=<value>
            --backend-option fsx.x=1                      | names backend 'fsx', which is not enabled
            --backends nosuch                             | --backends names 'nosuch', which was not found
            --knob nonsense=1                             | unknown knob 'nonsense'
            --knob latency.CreateVolume=abc               | knob 'latency.CreateVolume': 'abc' is not a duration
            --simulator-instances 0                       | --simulator-instances 0: give 1 to
            --endpoint bogus://x                          | endpoint 'bogus://x': use unix:///path/csi.sock
            --log-level loud                              | --log-level 'loud': use error, warn, info, debug or trace
            """)
    void aBadValueStopsTheStartWithOneLine(String flags, String expected) throws Exception {
        Output output = start(flags.split(" "));
        assertEquals(1, output.exitCode(), output::toString);
        assertEquals(1, output.lines().size(), output::toString);
        assertTrue(output.lines().getFirst().startsWith("polycsi: ") && output.lines().getFirst().contains(expected), output::toString);
        assertNoNoise(output);
    }

    @Test
    void aBadBackendOptionIsRefusedBeforeTheSimulatorStarts() throws Exception {
        Output output = start("--backend-option", "ebs.volume-attach-limit=0");
        assertEquals(List.of("polycsi: backend 'ebs' option: parameter 'volume-attach-limit': invalid value '0' (out of range); "
                + "allowed: an integer from 1 to 128"), output.lines());
        assertEquals(1, output.exitCode());
        assertFalse(Files.exists(work.resolve("sim")), "the simulator started and made its data directory");
    }

    @Test
    void aValueThatDoesNotMatchSaysWhatIsAllowedOnce() throws Exception {
        Output output = start("--k8s-tag-cluster-id", "a^b");
        assertEquals(List.of("polycsi: backend 'ebs' option: parameter 'cluster-id': invalid value 'a^b'; "
                + "allowed: 1 to 100 letters, digits or . _ : / @ + = -"), output.lines());
        assertEquals(1, output.exitCode());
    }

    @Test
    void aMissingKnobsFileIsNamed() throws Exception {
        Path missing = work.resolve("knobs.txt");
        Output output = start("--knobs-file", missing.toString());
        assertEquals(List.of("polycsi: --knobs-file " + missing + ": no such file or directory"), output.lines());
        assertEquals(1, output.exitCode());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --shutdown-grace soon       | Invalid value for option '--shutdown-grace': 'soon' is not an ISO-8601 duration, e.g. PT30S
            --simulator-url notaurl     | Invalid value for option '--simulator-url': 'notaurl' is not an http:// URL
            --frobnicate                | Unknown option: '--frobnicate'
            """)
    void aBadFlagIsAUsageErrorWithAHintInsteadOfTheWholeUsage(String flags, String expected) throws Exception {
        Output output = start(flags.split(" "));
        assertEquals(2, output.exitCode(), output::toString);
        assertEquals(2, output.lines().size(), output::toString);
        assertTrue(output.lines().getFirst().startsWith("polycsi: " + expected), output::toString);
        assertEquals("Try 'polycsi all --help' for more information.", output.lines().getLast());
        assertNoNoise(output);
    }
}
