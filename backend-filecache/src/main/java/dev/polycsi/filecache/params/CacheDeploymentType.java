package dev.polycsi.filecache.params;

/** File Cache's deployment types; the names are the API's values. */
public enum CacheDeploymentType {
    CACHE_1
}
