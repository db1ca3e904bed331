package dev.polycsi.core.mount;

import dev.polycsi.spi.CsiException;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Runs commands with {@link ProcessBuilder}: stdin from /dev/null, stdout and stderr combined. */
public final class ProcessCommandRunner implements CommandRunner {

    private static final Logger LOG = LogManager.getLogger(ProcessCommandRunner.class);

    /**
     * How long to wait for the output pipe to close after the command exits: a helper it
     * forked into the background (mount.efs starts stunnel) may keep the pipe open forever.
     */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    /** A killed process stuck in uninterruptible I/O (a dead NFS server) may never die. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    @Override
    public CommandResult run(List<String> command, Duration timeout) {
        LOG.debug("Running {} with a timeout of {}", command, timeout);
        Process process = start(command);
        OutputCollector output = OutputCollector.drain(process.getInputStream(), command.getFirst());
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                kill(process);
                throw new CsiException(CsiException.Code.DEADLINE_EXCEEDED,
                        "%s did not finish within %s and was killed; its output so far: %s"
                                .formatted(String.join(" ", command), describe(timeout), output.text().strip()));
            }
            output.awaitEnd(OUTPUT_GRACE);
            CommandResult result = new CommandResult(command, process.exitValue(), output.text());
            LOG.debug("{} exited with {}", command.getFirst(), result.exitCode());
            return result;
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new CsiException(CsiException.Code.ABORTED, "interrupted while running " + String.join(" ", command), e);
        }
    }

    private static Process start(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // Messages such as "not mounted" are matched, so they must not be translated.
        builder.environment().put("LC_ALL", "C");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new CsiException(CsiException.Code.INTERNAL,
                    "cannot run %s: %s".formatted(command.getFirst(), e.getMessage()), e);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Process {} did not die within {} of being killed", process.pid(), describe(KILL_GRACE));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
