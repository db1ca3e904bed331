package dev.polycsi.efs.node;

import dev.polycsi.spi.CsiException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code umount -l}: detaches a mount at once and lets the kernel finish when it can. The last
 * resort for an NFS mount whose server is gone, where a plain unmount blocks until it times out
 * and the kubelet would retry forever with the pod stuck terminating.
 */
@FunctionalInterface
interface LazyUnmount {

    void detach(Path target);

    /** Runs {@code umount -l --no-canonicalize <target>}, killed after {@code timeout}. */
    static LazyUnmount command(Duration timeout) {
        return target -> {
            Process process;
            try {
                process = new ProcessBuilder(List.of("umount", "-l", "--no-canonicalize", target.toString()))
                        .redirectErrorStream(true).start();
                process.getOutputStream().close();
            } catch (IOException e) {
                throw CsiException.internal("cannot run umount -l %s: %s", target, e.getMessage());
            }
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new CsiException(CsiException.Code.DEADLINE_EXCEEDED, "umount -l %s did not finish in %d s"
                            .formatted(target, timeout.toSeconds()));
                }
                if (process.exitValue() != 0) {
                    String output = new String(process.getInputStream().readAllBytes()).strip();
                    throw CsiException.internal("umount -l %s failed with %d: %s", target, process.exitValue(), output);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw CsiException.aborted("interrupted while detaching %s", target);
            } catch (IOException e) {
                throw CsiException.internal("cannot read the output of umount -l %s: %s", target, e.getMessage());
            }
        };
    }
}
