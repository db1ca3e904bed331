package dev.polycsi.filecache.params;

/** CreateFileCache's FileCacheType: LUSTRE, the only one. */
public enum FileCacheType {
    LUSTRE
}
