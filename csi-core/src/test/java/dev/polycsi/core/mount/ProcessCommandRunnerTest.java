package dev.polycsi.core.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCommandRunnerTest {

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void returnsTheOutputOfASuccessfulCommand() {
        CommandResult result = runner.run(List.of("echo", "hello", "world"), Duration.ofSeconds(10));

        assertTrue(result.succeeded());
        assertEquals("hello world\n", result.output());
        assertEquals(result, result.orThrow());
    }

    @Test
    void aNonZeroExitCarriesTheCombinedOutput() {
        CommandResult result = runner.run(List.of("ls", "/polycsi-does-not-exist"), Duration.ofSeconds(10));

        assertEquals(2, result.exitCode());
        assertTrue(result.output().contains("No such file or directory"), result.output());
        CsiException failure = assertThrows(CsiException.class, result::orThrow);
        assertEquals(CsiException.Code.INTERNAL, failure.code());
        assertTrue(failure.getMessage().contains("ls /polycsi-does-not-exist failed with exit code 2"), failure.getMessage());
        assertTrue(failure.getMessage().contains("No such file or directory"), failure.getMessage());
    }

    @Test
    void killsACommandThatOverrunsItsTimeout() {
        long start = System.nanoTime();

        CsiException overrun = assertThrows(CsiException.class,
                () -> runner.run(List.of("sleep", "30"), Duration.ofMillis(300)));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(CsiException.Code.DEADLINE_EXCEEDED, overrun.code());
        assertTrue(overrun.getMessage().contains("sleep 30 did not finish within 300 ms"), overrun.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
        assertTrue(ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive), "sleep is still running");
    }

    @Test
    void aMissingExecutableIsInternal() {
        CsiException missing = assertThrows(CsiException.class,
                () -> runner.run(List.of("polycsi-no-such-command"), Duration.ofSeconds(10)));

        assertEquals(CsiException.Code.INTERNAL, missing.code());
        assertTrue(missing.getMessage().startsWith("cannot run polycsi-no-such-command"), missing.getMessage());
    }

    @Test
    void stdinIsEmptySoNothingWaitsForInput() {
        CommandResult result = runner.run(List.of("cat"), Duration.ofSeconds(10));

        assertEquals(0, result.exitCode());
        assertEquals("", result.output());
    }

    @Test
    void messagesAreNotTranslated() {
        assertEquals("C\n", runner.run(List.of("printenv", "LC_ALL"), Duration.ofSeconds(10)).output());
    }

    @Test
    void keepsOnlyTheStartOfAHugeOutputWithoutBlocking() {
        CommandResult result = runner.run(List.of("seq", "1", "200000"), Duration.ofSeconds(10));

        assertEquals(0, result.exitCode());
        assertTrue(result.output().startsWith("1\n2\n3\n"));
        assertTrue(result.output().endsWith("more bytes of output left out]"), result.output().substring(OutputCollector.MAX_BYTES - 10));
    }
}
