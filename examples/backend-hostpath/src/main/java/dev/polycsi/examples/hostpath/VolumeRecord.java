package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.controller.ContentSource;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the backend remembers about a volume, stored in {@code volumes/<id>.properties}.
 *
 * <p>It holds everything needed to answer a retried CreateVolume (the name, the size, the
 * parameters and the source it was asked for) so that the backend can tell a retry from a
 * conflicting request without any state in memory.
 *
 * @param parameters the StorageClass parameters exactly as given
 */
record VolumeRecord(
        String id, String name, long capacityBytes, Instant createdAt,
        Map<String, String> parameters, Optional<ContentSource> source) {

    private static final String PARAMETER_PREFIX = "parameter.";
    private static final String SOURCE_SNAPSHOT = "source.snapshot";
    private static final String SOURCE_VOLUME = "source.volume";

    VolumeRecord {
        parameters = Map.copyOf(parameters);
    }

    VolumeRecord withCapacity(long bytes) {
        return new VolumeRecord(id, name, bytes, createdAt, parameters, source);
    }

    Properties toProperties() {
        Properties properties = new Properties();
        properties.setProperty("name", name);
        properties.setProperty("capacityBytes", Long.toString(capacityBytes));
        properties.setProperty("createdAt", createdAt.toString());
        parameters.forEach((key, value) -> properties.setProperty(PARAMETER_PREFIX + key, value));
        if (source.isPresent()) {
            // A switch without default: a new kind of source in the SPI will not compile here until handled.
            String key = switch (source.get()) {
                case ContentSource.Snapshot snapshot -> SOURCE_SNAPSHOT;
                case ContentSource.Volume volume -> SOURCE_VOLUME;
            };
            properties.setProperty(key, source.get().id());
        }
        return properties;
    }

    /** Throws {@link IllegalArgumentException} naming the first missing or malformed entry. */
    static VolumeRecord fromProperties(String id, Properties properties) {
        Map<String, String> parameters = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(PARAMETER_PREFIX)) {
                parameters.put(key.substring(PARAMETER_PREFIX.length()), properties.getProperty(key));
            }
        }
        Optional<ContentSource> source = Optional.empty();
        if (properties.containsKey(SOURCE_SNAPSHOT)) {
            source = Optional.of(new ContentSource.Snapshot(properties.getProperty(SOURCE_SNAPSHOT)));
        } else if (properties.containsKey(SOURCE_VOLUME)) {
            source = Optional.of(new ContentSource.Volume(properties.getProperty(SOURCE_VOLUME)));
        }
        return new VolumeRecord(id,
                Records.required(properties, "name"),
                Records.requiredLong(properties, "capacityBytes"),
                Records.requiredInstant(properties, "createdAt"),
                parameters,
                source);
    }
}
