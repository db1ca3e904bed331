package dev.polycsi.fsx.lustre.params;

/**
 * FSx's StorageType for Lustre. INTELLIGENT_TIERING exists in the API but is not offered yet: it
 * needs a throughput capacity and a read cache that these parameters do not carry.
 */
public enum StorageType {
    SSD,
    HDD;

    /** What FSx creates when CreateFileSystem names no storage type. */
    public static final StorageType FSX_DEFAULT = SSD;
}
