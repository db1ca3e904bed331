package dev.polycsi.core.mount;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drains a process's output on its own thread, so that a chatty command never blocks on a full
 * pipe, keeping at most {@link #MAX_BYTES} of it.
 */
final class OutputCollector {

    static final int MAX_BYTES = 64 * 1024;

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CountDownLatch ended = new CountDownLatch(1);
    private long dropped;

    private OutputCollector() {}

    static OutputCollector drain(InputStream output, String commandName) {
        OutputCollector collector = new OutputCollector();
        Thread.ofPlatform().daemon().name("output-of-" + commandName).start(() -> collector.readAll(output));
        return collector;
    }

    /** Waits for the end of the output, but never longer than {@code grace}. */
    void awaitEnd(Duration grace) throws InterruptedException {
        ended.await(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What has been read so far, noting how much was left out. */
    synchronized String text() {
        String text = kept.toString(StandardCharsets.UTF_8);
        return dropped == 0 ? text : text + "\n[" + dropped + " more bytes of output left out]";
    }

    private void readAll(InputStream output) {
        byte[] buffer = new byte[8192];
        try (output) {
            int read;
            while ((read = output.read(buffer)) != -1) {
                keep(buffer, read);
            }
        } catch (IOException e) {
            // The stream closes under us when the process is killed; what was read is kept.
        } finally {
            ended.countDown();
        }
    }

    private synchronized void keep(byte[] buffer, int length) {
        int room = Math.max(0, MAX_BYTES - kept.size());
        int taken = Math.min(room, length);
        kept.write(buffer, 0, taken);
        dropped += length - taken;
    }
}
