package dev.polycsi.filecache.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.filecache.FileCacheVolumes;
import dev.polycsi.fsx.node.VolumeContext;
import dev.polycsi.spi.controller.CapacityRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The examples in the module's README are what this backend accepts: both StorageClasses resolve
 * to the caches they describe, and the static PersistentVolume's handle and volumeAttributes are
 * taken. (The launcher's ReadmeExamplesTest parses them with the schema too, as the driver does.)
 */
class ReadmeExampleTest {

    private static final Path README = Path.of(System.getProperty("basedir", ".")).resolve("README.md");

    /**
     * The {@code parameters:} blocks of the README's StorageClasses, without {@code backend}, which
     * the core takes out; a folded value ({@code >-}) joined with spaces, as YAML joins it.
     */
    static List<Map<String, String>> storageClasses() throws IOException {
        List<Map<String, String>> found = new ArrayList<>();
        Map<String, String> parameters = null;
        String last = null;
        for (String line : Files.readAllLines(README, StandardCharsets.UTF_8)) {
            if (line.equals("parameters:")) {
                parameters = new LinkedHashMap<>();
                found.add(parameters);
            } else if (parameters != null && line.startsWith("    ") && last != null) {
                parameters.merge(last, line.strip(), (before, more) -> before.isEmpty() ? more : before + " " + more);
            } else if (parameters != null && line.startsWith("  ")) {
                String[] pair = line.strip().split(":\\s*", 2);
                String value = pair[1].equals(">-") ? "" : pair[1].startsWith("\"") ? pair[1].substring(1, pair[1].length() - 1) : pair[1];
                last = pair[0];
                parameters.put(pair[0], value);
            } else {
                parameters = null;
                last = null;
            }
        }
        found.forEach(storageClass -> storageClass.remove("backend"));
        return found;
    }

    @Test
    void theReadmeStorageClassesResolve() throws IOException {
        List<Map<String, String>> storageClasses = storageClasses();
        assertEquals(2, storageClasses.size(), "the S3 and the NFS StorageClass in " + README.toAbsolutePath());

        CacheSettings s3 = Requests.resolve(storageClasses.get(0), CapacityRange.ANY);
        assertEquals(List.of(DataRepositoryAssociation.s3("/ns1/", "s3://training-data/set1/"),
                DataRepositoryAssociation.s3("/ns2/", "s3://training-data/set2/")), s3.dataRepositoryAssociations());
        assertEquals(Optional.of("7:02:00"), s3.lustreConfiguration().weeklyMaintenanceStartTime());
        assertEquals(Map.of("team", "ml", "cost-center", "42"), s3.extraTags());

        CacheSettings nfs = Requests.resolve(storageClasses.get(1), CapacityRange.ANY);
        assertEquals(RepositoryType.NFS, nfs.repositoryType());
        DataRepositoryAssociation association = nfs.dataRepositoryAssociations().getFirst();
        assertEquals("/", association.fileCachePath());
        assertEquals(List.of("/export1", "/export2"), association.dataRepositorySubdirectories());
        assertEquals(Optional.of(new NfsConfiguration(NfsVersion.NFS3, List.of("10.0.0.2"))), association.nfs());
    }

    /** The static PersistentVolume in the README: its handle, without the core's prefix, and volumeAttributes are accepted. */
    @Test
    void theReadmeStaticVolumeIsAccepted() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        String handle = lines.stream().map(String::strip).filter(line -> line.startsWith("volumeHandle: ")).findFirst()
                .orElseThrow().substring("volumeHandle: ".length());
        assertTrue(handle.startsWith("filecache:"), handle);
        CacheVolumeId id = CacheVolumeId.parse(handle.substring("filecache:".length()));
        Map<String, String> attributes = new LinkedHashMap<>();
        int start = lines.stream().map(String::strip).toList().indexOf("volumeAttributes:");
        for (String line : lines.subList(start + 1, lines.size())) {
            if (!line.startsWith("      ")) {
                break;
            }
            String[] pair = line.strip().split(":\\s*", 2);
            attributes.put(pair[0], pair[1]);
        }
        VolumeContext context = VolumeContext.parse(attributes, FileCacheVolumes.INSTANCE.defaultMountName());
        assertEquals(id.fileCacheId() + ".fsx.us-east-1.amazonaws.com", context.dnsName());
        assertEquals("fmvszbmv", context.mountName());
        assertEquals(id.fileCacheId(), FileCacheVolumes.INSTANCE.parseId(id.fileCacheId()));
    }
}
