package dev.polycsi.fsx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.node.MountProbe.MountHealth;
import dev.polycsi.spi.CsiException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stale-mount check against a stat that fails as the JDK reports a broken mount; the root
 * test shows the same on a real one (a FUSE mount whose server is gone or never answers).
 */
class MountProbeTest {

    private static final Duration LONG = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    private static MountProbe failingWith(IOException error) {
        return new MountProbe(path -> {
            throw error;
        }, LONG, new BoundedCalls());
    }

    @Test
    void aMountWhoseRootCanBeStatedAnswers() {
        assertEquals(MountHealth.ANSWERS, new MountProbe(MountProbe.FILES, LONG, new BoundedCalls()).check(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Transport endpoint is not connected", "Cannot send after transport endpoint shutdown", "Stale file handle",
            "Input/output error", "Host is down", "Socket not connected", "Cannot send after socket shutdown"})
    void theErrorsOfABrokenMountMakeItBroken(String strerror) {
        MountHealth health = failingWith(new FileSystemException(dir.toString(), null, strerror)).check(dir);
        assertTrue(health.broken());
        assertEquals("stat of " + dir + ": " + strerror, health.reason());
    }

    @Test
    void aStatThatDoesNotReturnIsABrokenMountAndTheCheckReturns() {
        CountDownLatch kernel = new CountDownLatch(1);
        MountProbe probe = new MountProbe(path -> {
            try {
                kernel.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, Duration.ofMillis(100), new BoundedCalls());
        try {
            MountHealth health = probe.check(dir);
            assertTrue(health.broken());
            assertEquals("stat of " + dir + " has not returned within 100 ms", health.reason());
        } finally {
            kernel.countDown();
        }
    }

    @Test
    void aServerThatRefusesStillAnswers() {
        assertEquals(MountHealth.ANSWERS, failingWith(new AccessDeniedException(dir.toString())).check(dir));
    }

    @Test
    void otherFailuresSayNothingAboutTheMountAndAreInternal() {
        for (IOException error : new IOException[] {new NoSuchFileException(dir.toString()),
                new FileSystemException(dir.toString(), null, "Too many levels of symbolic links"), new IOException("odd")}) {
            CsiException e = assertThrows(CsiException.class, () -> failingWith(error).check(dir));
            assertEquals(CsiException.Code.INTERNAL, e.code());
            assertTrue(e.getMessage().startsWith("cannot tell whether the mount at " + dir + " works"), e.getMessage());
        }
    }
}
