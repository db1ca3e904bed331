package dev.polycsi.simulator.storage;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a host tool (losetup, cp) as an argument list, never through a shell, and kills it after
 * a timeout. The simulator has its own because csi-core, which has the driver's runner, is not
 * one of its runtime dependencies.
 */
final class HostCommand {

    /** Error messages quote the output; a runaway tool must not make them huge. */
    private static final int MAX_OUTPUT_CHARS = 4096;
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    private HostCommand() {}

    /** How a finished command exited; {@code output} is stdout and stderr together. */
    record Result(List<String> command, int exitCode, String output) {

        boolean succeeded() {
            return exitCode == 0;
        }

        Result orThrow() {
            if (!succeeded()) {
                throw new StorageException("%s failed with exit code %d: %s".formatted(String.join(" ", command), exitCode, output.strip()));
            }
            return this;
        }
    }

    static Result run(Duration timeout, String... arguments) {
        List<String> command = List.of(arguments);
        Process process = start(command);
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()),
                runnable -> Thread.ofVirtual().start(runnable));
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                throw new StorageException("%s did not finish within %s and was killed".formatted(String.join(" ", command), timeout));
            }
            return new Result(command, process.exitValue(), output.get(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while running " + String.join(" ", command), e);
        } catch (ExecutionException | TimeoutException e) {
            // The tool exited but something it forked still holds the pipe: its exit code is what counts.
            return new Result(command, process.exitValue(), "");
        }
    }

    private static Process start(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // Messages are matched ("No such device"), so they must not be translated.
        builder.environment().put("LC_ALL", "C");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new StorageException("cannot run %s: %s".formatted(command.getFirst(), e.getMessage()), e);
        }
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            String text = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            return text.length() <= MAX_OUTPUT_CHARS ? text : text.substring(0, MAX_OUTPUT_CHARS) + "[…]";
        } catch (IOException e) {
            return "";
        }
    }
}
