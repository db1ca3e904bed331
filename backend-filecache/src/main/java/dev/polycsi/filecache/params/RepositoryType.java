package dev.polycsi.filecache.params;

/** The kind of data repository an association links, told by its DataRepositoryPath's scheme. */
public enum RepositoryType {
    /** {@code s3://bucket[/prefix]}. */
    S3("s3://"),
    /** {@code nfs://host[/export]}: an NFSv3 server. */
    NFS("nfs://");

    private final String scheme;

    RepositoryType(String scheme) {
        this.scheme = scheme;
    }

    /** The DataRepositoryPath prefix, {@code s3://} or {@code nfs://}. */
    public String scheme() {
        return scheme;
    }
}
