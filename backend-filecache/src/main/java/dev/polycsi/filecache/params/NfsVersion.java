package dev.polycsi.filecache.params;

/** The NFS protocol versions File Cache links to: NFSv3 only. The names are the API's values. */
public enum NfsVersion {
    NFS3
}
