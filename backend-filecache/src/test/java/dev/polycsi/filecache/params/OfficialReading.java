package dev.polycsi.filecache.params;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What aws-file-cache-csi-driver v0.1.0 sends to CreateFileCache for a value, re-implemented
 * from its pkg/cloud/cloud.go and pkg/util/util.go (strings.Fields, SplitUnnestedCommas,
 * MapValues, and the first and last characters of bracketed values cut off), so that tests can
 * check that a value accepted here means what it means there. Where the official driver panics
 * (an item without '=') this throws.
 */
final class OfficialReading {

    /** One association as the official driver builds it; absent keys are null, as in its request. */
    record Association(String fileCachePath, String dataRepositoryPath, List<String> subdirectories, String nfsVersion,
            List<String> dnsIps, boolean hasNfs) {}

    private OfficialReading() {
    }

    static List<Association> associations(String value) {
        List<Association> associations = new ArrayList<>();
        for (String slice : fields(value)) {
            Map<String, String> config = mapValues(splitUnnestedCommas(slice));
            List<String> subdirectories = Optional.ofNullable(config.get("DataRepositorySubdirectories")).map(OfficialReading::unbracket)
                    .map(inner -> Arrays.asList(inner.split(",", -1))).orElse(null);
            String nfs = config.get("NFS");
            Map<String, String> nfsConfig = nfs == null ? Map.of() : mapValues(splitUnnestedCommas(unbracket(nfs)));
            List<String> dnsIps = Optional.ofNullable(nfsConfig.get("DnsIps")).map(OfficialReading::unbracket)
                    .map(inner -> Arrays.asList(inner.split(",", -1))).orElse(null);
            associations.add(new Association(config.get("FileCachePath"), config.get("DataRepositoryPath"), subdirectories,
                    nfsConfig.get("Version"), dnsIps, nfs != null));
        }
        return associations;
    }

    /** DeploymentType, PerUnitStorageThroughput and the metadata StorageCapacity the official driver sends, defaults included. */
    static List<Object> lustreConfiguration(String value) {
        Map<String, String> config = mapValues(Arrays.asList(value.split(",", -1)));
        String deployment = config.getOrDefault("DeploymentType", "CACHE_1");
        long metadata = Optional.ofNullable(config.get("MetadataConfiguration"))
                .map(m -> Long.parseLong(unbracket(m).split("=", -1)[1])).orElse(2400L);
        long throughput = Optional.ofNullable(config.get("PerUnitStorageThroughput")).map(Long::parseLong).orElse(1000L);
        return List.of(deployment, throughput, metadata);
    }

    /** Asserts that {@code settings} sends what the official driver sends for the same two parameters. */
    static void assertSameAs(String associations, String lustreConfiguration, CacheSettings settings) {
        List<Association> official = associations(associations);
        List<Association> ours = settings.dataRepositoryAssociations().stream().map(a -> new Association(a.fileCachePath(),
                a.dataRepositoryPath(), a.dataRepositorySubdirectories().isEmpty() ? null : a.dataRepositorySubdirectories(),
                a.nfs().map(n -> n.version().name()).orElse(null), a.nfs().map(n -> n.dnsIps().isEmpty() ? null : n.dnsIps()).orElse(null),
                a.nfs().isPresent())).toList();
        // An NFS association without NFS={…} is sent with Version NFS3 here and without an NFS configuration there.
        List<Association> expected = official.stream().map(a -> a.hasNfs() || !a.dataRepositoryPath().startsWith("nfs://") ? a
                : new Association(a.fileCachePath(), a.dataRepositoryPath(), a.subdirectories(), "NFS3", null, true)).toList();
        assertEquals(expected, ours, associations);
        if (lustreConfiguration != null) {
            LustreConfiguration lustre = settings.lustreConfiguration();
            assertEquals(lustreConfiguration(lustreConfiguration), List.of(lustre.deploymentType().name(),
                    (long) lustre.perUnitStorageThroughput(), (long) lustre.metadataStorageCapacity()), lustreConfiguration);
        }
    }

    /** Go's strings.Fields. */
    private static List<String> fields(String value) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (Shorthand.isSpace(c)) {
                if (!field.isEmpty()) {
                    fields.add(field.toString());
                    field.setLength(0);
                }
            } else {
                field.append(c);
            }
        }
        if (!field.isEmpty()) {
            fields.add(field.toString());
        }
        return fields;
    }

    /** util.SplitUnnestedCommas: commas outside {} and [] split; unmatched closers are ignored. */
    private static List<String> splitUnnestedCommas(String input) {
        int curly = 0;
        int square = 0;
        int last = 0;
        List<String> slices = new ArrayList<>();
        for (int i = 0; i < input.length(); i++) {
            switch (input.charAt(i)) {
                case '{' -> curly++;
                case '[' -> square++;
                case '}' -> curly = Math.max(0, curly - 1);
                case ']' -> square = Math.max(0, square - 1);
                case ',' -> {
                    if (curly == 0 && square == 0) {
                        slices.add(input.substring(last, i));
                        last = i + 1;
                    }
                }
                default -> {
                }
            }
        }
        slices.add(input.substring(last));
        return slices;
    }

    /** util.MapValues: each item split at its first '='; an item without one panics there. */
    private static Map<String, String> mapValues(List<String> items) {
        Map<String, String> values = new HashMap<>();
        for (String item : items) {
            String[] pair = item.split("=", 2);
            if (pair.length < 2) {
                throw new IllegalStateException("the official driver panics on '" + item + "': index out of range");
            }
            values.put(pair[0], pair[1]);
        }
        return values;
    }

    /** {@code value[1:len(value)-1]}. */
    private static String unbracket(String value) {
        return value.substring(1, value.length() - 1);
    }
}
