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
 * @param createdAt  when its creation started; a slow creation is done {@code creation-delay} later
 * @param parameters the StorageClass parameters exactly as given
 * @param failure    why the creation failed, when {@code state} is FAILED; empty otherwise
 */
record VolumeRecord(
        String id, String name, long capacityBytes, Instant createdAt,
        Map<String, String> parameters, Optional<ContentSource> source, State state, String failure) {

    /**
     * Where the creation stands. Only READY volumes exist for the CO: CSI knows a volume once
     * CreateVolume has returned it.
     */
    enum State {
        CREATING,
        READY,
        FAILED
    }

    private static final String PARAMETER_PREFIX = "parameter.";
    private static final String SOURCE_SNAPSHOT = "source.snapshot";
    private static final String SOURCE_VOLUME = "source.volume";

    VolumeRecord {
        parameters = Map.copyOf(parameters);
    }

    /** A volume whose creation has just started. */
    static VolumeRecord creating(String id, String name, long capacityBytes, Instant startedAt,
            Map<String, String> parameters, Optional<ContentSource> source) {
        return new VolumeRecord(id, name, capacityBytes, startedAt, parameters, source, State.CREATING, "");
    }

    VolumeRecord withCapacity(long bytes) {
        return new VolumeRecord(id, name, bytes, createdAt, parameters, source, state, failure);
    }

    VolumeRecord ready() {
        return new VolumeRecord(id, name, capacityBytes, createdAt, parameters, source, State.READY, "");
    }

    VolumeRecord failed(String message) {
        return new VolumeRecord(id, name, capacityBytes, createdAt, parameters, source, State.FAILED, message);
    }

    boolean isReady() {
        return state == State.READY;
    }

    Properties toProperties() {
        Properties properties = new Properties();
        properties.setProperty("name", name);
        properties.setProperty("capacityBytes", Long.toString(capacityBytes));
        properties.setProperty("createdAt", createdAt.toString());
        properties.setProperty("state", state.name());
        if (state == State.FAILED) {
            properties.setProperty("failure", failure);
        }
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
                source,
                // Records written before creations had states are of complete volumes.
                Records.optionalEnum(properties, "state", State.class, State.READY),
                properties.getProperty("failure", ""));
    }
}
