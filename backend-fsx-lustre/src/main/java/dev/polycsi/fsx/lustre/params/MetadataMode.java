package dev.polycsi.fsx.lustre.params;

/**
 * How a PERSISTENT_2 file system gets its metadata IOPS: AUTOMATIC scales them with the
 * capacity; USER_PROVISIONED takes a number (metadataIops).
 */
public enum MetadataMode {
    AUTOMATIC,
    USER_PROVISIONED
}
