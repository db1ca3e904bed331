package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The official drivers' flags that polycsi takes under their own names, so that their users'
 * container arguments carry over: each becomes the polycsi setting of the same meaning.
 */
class OfficialFlagsTest {

    private static ServeCommand parse(String... args) {
        ServeCommand.Node node = new ServeCommand.Node();
        new CommandLine(node).parseArgs(args);
        return node;
    }

    @Test
    void ebsFlagsBecomeTheEbsBackendsOptions() {
        ServeCommand command = parse("--batching=false", "--modify-volume-request-handler-timeout=1m30s",
                "--extra-volume-tags=team=storage");
        assertEquals(List.of("ebs.batching=false", "ebs.modify-window-ms=90000", "ebs.extra-tags=team=storage"), command.backendOptions);
        assertEquals(List.of("ebs.batching=true"), parse("--batching").backendOptions);
    }

    @Test
    void efsFlagsBecomeTheEfsBackendsOptions() {
        assertEquals(List.of("efs.delete-access-point-root-dir=true", "efs.tags=env:prod team:storage"),
                parse("--delete-access-point-root-dir", "--tags", "env:prod team:storage").backendOptions);
    }

    @Test
    void loggingFlagsOfTheOfficialDriversSetTheLog() {
        assertEquals(Logging.Format.json, parse("--logging-format=json").logFormat);
        assertEquals("info", parse().logLevel());
        assertEquals("info", parse("-v=2").logLevel(), "the official charts' -v=2 is the default level");
        assertEquals("debug", parse("--v=4").logLevel());
        assertEquals("trace", parse("-v", "6").logLevel());
        assertEquals("warn", parse("-v=6", "--log-level=warn").logLevel(), "--log-level wins");
        assertEquals("warn", parse("--log-level=warn", "-v=6").logLevel(), "whatever the order");
        assertThrows(CommandLine.ParameterException.class, () -> parse("-v=-1"));
    }

    @Test
    void goDurationsAreReadAsGoWritesThem() {
        ServeCommand.GoDuration go = new ServeCommand.GoDuration();
        assertEquals(Duration.ofMillis(500), go.convert("500ms"));
        assertEquals(Duration.ofSeconds(2), go.convert("2s"));
        assertEquals(Duration.ofSeconds(90), go.convert("1m30s"));
        assertEquals(Duration.ofMillis(1500), go.convert("1.5s"));
        for (String bad : List.of("", "2", "2x", "s", "2s3", "-2s")) {
            CommandLine.TypeConversionException refused = assertThrows(CommandLine.TypeConversionException.class, () -> go.convert(bad));
            assertTrue(refused.getMessage().contains("500ms, 2s or 1m30s"), refused.getMessage());
        }
    }
}
