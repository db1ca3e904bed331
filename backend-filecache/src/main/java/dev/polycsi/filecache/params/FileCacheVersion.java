package dev.polycsi.filecache.params;

/** CreateFileCache's FileCacheTypeVersion: the Lustre version the cache runs, 2.12 only. */
public enum FileCacheVersion {
    V2_12("2.12");

    private final String wire;

    FileCacheVersion(String wire) {
        this.wire = wire;
    }

    /** The value as CreateFileCache takes it. */
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }
}
