package dev.polycsi.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code kubectl kustomize DIR}, the renderer EKS users run. */
final class Kubectl {

    private Kubectl() {
    }

    static String kustomize(Path kubectl, Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(kubectl.toString(), "kustomize", dir.toString()))
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        process.getOutputStream().close();
        var stdout = process.inputReader(StandardCharsets.UTF_8);
        var stderr = process.errorReader(StandardCharsets.UTF_8);
        StringBuilder err = new StringBuilder();
        Thread errors = Thread.ofVirtual().start(() -> stderr.lines().forEach(l -> err.append(l).append('\n')));
        String out = stdout.lines().reduce(new StringBuilder(), (b, l) -> b.append(l).append('\n'), StringBuilder::append).toString();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl kustomize " + dir + " did not finish in 120 s");
        }
        errors.join();
        if (process.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n" + err);
        }
        return out;
    }
}
