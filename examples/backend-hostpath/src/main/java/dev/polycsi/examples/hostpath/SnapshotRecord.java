package dev.polycsi.examples.hostpath;

import java.time.Instant;
import java.util.Properties;

/**
 * What the backend remembers about a snapshot, stored in {@code snapshots/<id>.properties}.
 *
 * @param sizeBytes the capacity of the source volume when the snapshot was taken; a volume
 *                  restored from the snapshot must be at least this large
 */
record SnapshotRecord(String id, String name, String sourceVolumeId, long sizeBytes, Instant createdAt) {

    Properties toProperties() {
        Properties properties = new Properties();
        properties.setProperty("name", name);
        properties.setProperty("sourceVolumeId", sourceVolumeId);
        properties.setProperty("sizeBytes", Long.toString(sizeBytes));
        properties.setProperty("createdAt", createdAt.toString());
        return properties;
    }

    /** Throws {@link IllegalArgumentException} naming the first missing or malformed entry. */
    static SnapshotRecord fromProperties(String id, Properties properties) {
        return new SnapshotRecord(id,
                Records.required(properties, "name"),
                Records.required(properties, "sourceVolumeId"),
                Records.requiredLong(properties, "sizeBytes"),
                Records.requiredInstant(properties, "createdAt"));
    }
}
