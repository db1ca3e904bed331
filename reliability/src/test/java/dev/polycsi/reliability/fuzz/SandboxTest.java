package dev.polycsi.reliability.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The campaign's file-system check: what it sees change, and which changes a request's paths allow. */
class SandboxTest {

    @TempDir
    Path root;

    @Test
    void aChangeOutsideTheNamedPathsIsSeenAndOneInsideIsAllowed() throws Exception {
        Sandbox sandbox = new Sandbox(root, root.resolve("other-fs"));
        sandbox.ensureFixture();
        Map<Path, Sandbox.Entry> before = sandbox.snapshot();

        Files.writeString(sandbox.decoy().resolve("pwned"), "x");
        Files.writeString(sandbox.decoy().resolve("file.txt"), "changed");
        Files.createDirectories(sandbox.sandbox().resolve("targets/t1"));
        Files.createDirectories(sandbox.decoy().resolve("n2"));
        Files.delete(sandbox.sandbox().resolve("link-file"));
        List<Path> changes = Sandbox.changes(before, sandbox.snapshot());
        assertEquals(List.of(sandbox.decoy().resolve("file.txt"), sandbox.decoy().resolve("n2"), sandbox.decoy().resolve("pwned"),
                sandbox.sandbox().resolve("link-file"), sandbox.sandbox().resolve("targets/t1")), changes);

        // A target named through the symlink out of the sandbox allows what the kernel resolves it to, and nothing next to it.
        List<Path> named = new ArrayList<>();
        for (String path : List.of(sandbox.sandbox() + "/targets/t1", sandbox.sandbox() + "/link-out/n2", sandbox.sandbox() + "/link-file")) {
            named.addAll(Sandbox.namedForms(path));
        }
        assertTrue(Sandbox.allowed(sandbox.sandbox().resolve("targets/t1"), named));
        assertTrue(Sandbox.allowed(sandbox.decoy().resolve("n2"), named));
        assertTrue(Sandbox.allowed(sandbox.sandbox().resolve("link-file"), named), "the named symlink itself");
        assertFalse(Sandbox.allowed(sandbox.decoy().resolve("pwned"), named));
        assertFalse(Sandbox.allowed(sandbox.decoy().resolve("dir/inner.txt"), named));
        assertEquals(List.of(), Sandbox.namedForms("relative/path"));

        sandbox.ensureFixture();
        assertTrue(Files.isSymbolicLink(sandbox.sandbox().resolve("link-file")), "the fixture is put back");
    }
}
