package dev.polycsi.launcher.client;

import static dev.polycsi.launcher.client.ClientRun.client;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's command line without a driver: usage errors exit 2 and name the option; a failed call exits 1. */
class ClientCommandLineTest {

    @Test
    void aBadSizeIsAUsageErrorNamingTheOption() {
        ClientRun run = client("controller", "create", "pvc-1", "--size", "10GB");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("'--size'") && run.err().contains("'10GB'"), run::toString);
    }

    @Test
    void aBadKeyValueIsAUsageErrorNamingTheOption() {
        ClientRun run = client("controller", "create", "pvc-1", "--param", "backend");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("'--param'") && run.err().contains("KEY=VALUE"), run::toString);
    }

    @Test
    void aBadCapabilityIsAUsageErrorNamingTheOption() {
        ClientRun run = client("node", "publish", "hostpath:x", "--target-path", "/tmp/x", "--cap", "rwo,tape");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("'--cap'") && run.err().contains("'tape'"), run::toString);
    }

    @Test
    void aBadTopologyOrTimeoutOrEndpointIsAUsageError() {
        assertEquals(2, client("controller", "create", "pvc-1", "--requisite", "zone").exitCode());
        assertEquals(2, client("--timeout", "soon", "identity", "probe").exitCode());
        ClientRun endpoint = client("--endpoint", "http://localhost:1", "identity", "probe");
        assertEquals(2, endpoint.exitCode(), endpoint::toString);
        assertTrue(endpoint.err().contains("'--endpoint'"), endpoint::toString);
    }

    @Test
    void twoContentSourcesAreAUsageError() {
        ClientRun run = client("controller", "create", "pvc-1", "--from-snapshot", "s", "--from-volume", "v");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("mutually exclusive"), run::toString);
    }

    @Test
    void aMissingGroupOrCommandIsAUsageErrorListingThem() {
        ClientRun noGroup = client();
        assertEquals(2, noGroup.exitCode(), noGroup::toString);
        assertTrue(noGroup.err().contains("identity, controller, snapshot or node"), noGroup::toString);
        ClientRun noCommand = client("node");
        assertEquals(2, noCommand.exitCode(), noCommand::toString);
        assertTrue(noCommand.err().contains("info, caps, stage, unstage, publish, unpublish, stats, expand"), noCommand::toString);
    }

    @Test
    void helpListsTheGroups() {
        ClientRun run = client("--help");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Usage: polycsi client") && run.out().contains("snapshot"), run::toString);
    }

    @Test
    void noDriverOnTheSocketIsAFailedCallWithItsCode(@TempDir Path dir) {
        ClientRun run = client("--endpoint", "unix://" + dir.resolve("nobody.sock"), "--timeout", "5s", "identity", "probe");
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: UNAVAILABLE: "), run::toString);
        assertEquals("", run.out());
    }

    @Test
    void timeoutsInIsoOrShortForm() {
        assertEquals(Duration.ofSeconds(30), Converters.Timeout.parse("PT30S"));
        assertEquals(Duration.ofSeconds(30), Converters.Timeout.parse("30s"));
        assertEquals(Duration.ofMillis(500), Converters.Timeout.parse("500ms"));
        assertEquals(Duration.ofMinutes(2), Converters.Timeout.parse("2m"));
    }

    @Test
    void theClientTakesEverythingAfterTheWordClient() {
        assertArrayEquals(new String[] {"--endpoint", "unix:///x.sock", "node", "info"},
                ClientCommand.argumentsAfterClient(List.of("client", "--endpoint", "unix:///x.sock", "node", "info")));
        assertArrayEquals(new String[] {"controller", "create", "client"},
                ClientCommand.argumentsAfterClient(List.of("client", "controller", "create", "client")));
    }
}
