package dev.polycsi.fsx.lustre.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.lustre.FsxLustreVolumes;
import dev.polycsi.fsx.node.VolumeContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The StorageClass in the module's README is one this backend accepts. */
class ReadmeExampleTest {

    private static final Path README = Path.of(System.getProperty("basedir", ".")).resolve("README.md");

    /** The {@code parameters:} block of the README's StorageClass, without {@code backend}, which the core takes out. */
    static Map<String, String> parameters() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        Map<String, String> parameters = new LinkedHashMap<>();
        boolean inside = false;
        for (String line : lines) {
            if (line.equals("parameters:")) {
                inside = true;
            } else if (inside && line.startsWith("  ")) {
                String[] pair = line.strip().split(":\\s*", 2);
                String value = pair[1].startsWith("\"") ? pair[1].substring(1, pair[1].length() - 1) : pair[1];
                if (!pair[0].equals("backend")) {
                    parameters.put(pair[0], value);
                }
            } else if (inside) {
                break;
            }
        }
        return parameters;
    }

    @Test
    void theReadmeStorageClassResolves() throws IOException {
        Map<String, String> parameters = parameters();
        assertFalse(parameters.isEmpty(), "no parameters: block found in " + README.toAbsolutePath());
        LustreSettings settings = Requests.resolve(parameters, Map.of());
        assertEquals(Optional.of(DeploymentType.PERSISTENT_2), settings.deploymentType());
        assertEquals(Optional.of(MetadataConfiguration.userProvisioned(6000)), settings.metadata());
        assertEquals(Optional.of(new BackupSettings(7, Optional.of("02:00"), false)), settings.backups());
        assertEquals(Map.of("team", "ml", "cost-center", "42"), settings.extraTags());
    }

    /** The static PersistentVolume in the README: its handle, without the core's prefix, and volumeAttributes are accepted. */
    @Test
    void theReadmeStaticVolumeIsAccepted() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        String handle = lines.stream().map(String::strip).filter(line -> line.startsWith("volumeHandle: ")).findFirst()
                .orElseThrow().substring("volumeHandle: ".length());
        assertTrue(handle.startsWith("fsx-lustre:"), handle);
        LustreVolumeId id = LustreVolumeId.parse(handle.substring("fsx-lustre:".length()));
        Map<String, String> attributes = new LinkedHashMap<>();
        int start = lines.stream().map(String::strip).toList().indexOf("volumeAttributes:");
        for (String line : lines.subList(start + 1, lines.size())) {
            if (!line.startsWith("      ")) {
                break;
            }
            String[] pair = line.strip().split(":\\s*", 2);
            attributes.put(pair[0], pair[1]);
        }
        VolumeContext context = VolumeContext.parse(attributes, Optional.of(FsxLustreVolumes.DEFAULT_MOUNT_NAME));
        assertEquals(id.fileSystemId() + ".fsx.us-east-1.amazonaws.com", context.dnsName());
        assertEquals("fsx", context.mountName());
    }
}
