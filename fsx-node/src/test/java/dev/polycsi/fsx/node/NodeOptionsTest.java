package dev.polycsi.fsx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeOptionsTest {

    @Test
    void theDefaultsAreTheSchemasDefaults() {
        assertEquals(NodeOptions.DEFAULTS, NodeOptions.from(NodeOptions.SCHEMA.parse(Map.of())));
    }

    @Test
    void optionsAreRead() {
        assertEquals(new NodeOptions(false, Duration.ofSeconds(30)),
                NodeOptions.from(NodeOptions.SCHEMA.parse(Map.of("lazy-unmount", "false", "mount-check-timeout-seconds", "30"))));
        assertEquals(CsiException.Code.INVALID_ARGUMENT, assertThrows(CsiException.class,
                () -> NodeOptions.SCHEMA.parse(Map.of("mount-check-timeout-seconds", "0"))).code());
    }

    /** The README's table of node options is what the schema prints, so that it cannot drift from the code. */
    @Test
    void theReadmeListsTheOptionsAsTheSchemaHasThem() throws IOException {
        Path readme = Path.of(System.getProperty("basedir", ".")).resolve("README.md");
        String table = NodeOptions.SCHEMA.toMarkdown();
        assertTrue(Files.readString(readme).contains(table), readme.toAbsolutePath() + " must hold:\n" + table);
    }
}
