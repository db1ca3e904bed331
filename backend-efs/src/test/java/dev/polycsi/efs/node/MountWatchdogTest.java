package dev.polycsi.efs.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountWatchdogTest {

    @TempDir
    Path dir;

    @Test
    void withoutTheProgramThereIsNothingToRun() {
        assertTrue(MountWatchdog.start(List.of(dir), Duration.ofMillis(50)).isEmpty());
    }

    @Test
    void theWatchdogIsRestartedWhenItExitsAndStoppedOnClose() throws Exception {
        Path starts = dir.resolve("starts");
        // a stand-in that records each start and dies soon, as a crashing watchdog would
        program("echo started >> " + starts + "\nsleep 0.2\nexit 3\n");
        Optional<MountWatchdog> watchdog = MountWatchdog.start(List.of(dir.resolve("nowhere"), dir), Duration.ofMillis(50));
        assertTrue(watchdog.isPresent());
        try {
            waitFor(() -> lines(starts) >= 3, "the watchdog was not restarted after it exited");
        } finally {
            watchdog.get().close();
        }
        long after = lines(starts);
        Thread.sleep(600);
        assertTrue(lines(starts) <= after + 1, "the watchdog was started again after close");
        assertFalse(watchdog.get().running());
    }

    @Test
    void closeStopsARunningWatchdog() throws Exception {
        program("exec sleep 60\n");
        MountWatchdog watchdog = MountWatchdog.start(List.of(dir), Duration.ofMillis(50)).orElseThrow();
        waitFor(watchdog::running, "the watchdog did not start");
        watchdog.close();
        assertFalse(watchdog.running(), "the watchdog still runs after close");
    }

    private void program(String body) throws IOException {
        Path program = dir.resolve(MountWatchdog.PROGRAM);
        Files.writeString(program, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static long lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    private interface Check {
        boolean done() throws Exception;
    }

    private static void waitFor(Check check, String failure) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!check.done()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure);
            }
            Thread.sleep(20);
        }
    }
}
