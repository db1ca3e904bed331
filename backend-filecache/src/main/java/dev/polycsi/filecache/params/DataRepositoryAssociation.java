package dev.polycsi.filecache.params;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One data repository association to create with the cache (CreateFileCache's
 * FileCacheDataRepositoryAssociation), checked against every rule FSx states for one
 * association; {@link DataRepositoryAssociations} checks the rules between them.
 *
 * @param fileCachePath                where the repository appears in the cache, e.g. {@code /ns1/}; starts with '/'
 * @param dataRepositoryPath           {@code s3://bucket[/prefix]}, {@code nfs://host/export}, or with subdirectories {@code nfs://host}
 * @param dataRepositorySubdirectories NFS exports under {@code nfs://host}, as given (e.g. {@code /export1} or {@code export1}); empty for none
 * @param nfs                          present exactly for NFS repositories
 */
public record DataRepositoryAssociation(
        String fileCachePath,
        String dataRepositoryPath,
        List<String> dataRepositorySubdirectories,
        Optional<NfsConfiguration> nfs) {

    public DataRepositoryAssociation {
        Objects.requireNonNull(fileCachePath, "fileCachePath");
        Objects.requireNonNull(dataRepositoryPath, "dataRepositoryPath");
        dataRepositorySubdirectories = List.copyOf(dataRepositorySubdirectories);
        Objects.requireNonNull(nfs, "nfs");
        RepositoryType type = typeOf(dataRepositoryPath);
        if (nfs.isPresent() != (type == RepositoryType.NFS)) {
            throw new IllegalArgumentException("an NFS configuration belongs to NFS repositories, and every NFS repository has one: "
                    + dataRepositoryPath);
        }
        if (type == RepositoryType.S3 && !dataRepositorySubdirectories.isEmpty()) {
            throw new IllegalArgumentException("subdirectories belong to NFS repositories: " + dataRepositoryPath);
        }
    }

    /** An association with an S3 bucket or prefix. */
    public static DataRepositoryAssociation s3(String fileCachePath, String dataRepositoryPath) {
        return new DataRepositoryAssociation(fileCachePath, dataRepositoryPath, List.of(), Optional.empty());
    }

    /** An association with an NFS export, or with {@code subdirectories} of an NFS server. */
    public static DataRepositoryAssociation nfs(String fileCachePath, String dataRepositoryPath, List<String> subdirectories,
            NfsConfiguration nfs) {
        return new DataRepositoryAssociation(fileCachePath, dataRepositoryPath, subdirectories, Optional.of(nfs));
    }

    public RepositoryType repositoryType() {
        return typeOf(dataRepositoryPath);
    }

    /**
     * The association in the shorthand the official driver reads, which parses back to an equal
     * association: {@code FileCachePath=…,DataRepositoryPath=…[,DataRepositorySubdirectories=[…]][,NFS={…}]}.
     */
    public String toShorthand() {
        List<String> items = new ArrayList<>();
        items.add("FileCachePath=" + fileCachePath);
        items.add("DataRepositoryPath=" + dataRepositoryPath);
        if (!dataRepositorySubdirectories.isEmpty()) {
            items.add("DataRepositorySubdirectories=[" + String.join(",", dataRepositorySubdirectories) + "]");
        }
        nfs.ifPresent(configuration -> items.add("NFS=" + configuration.toShorthand()));
        return String.join(",", items);
    }

    private static RepositoryType typeOf(String path) {
        for (RepositoryType type : RepositoryType.values()) {
            if (path.startsWith(type.scheme())) {
                return type;
            }
        }
        throw new IllegalArgumentException("not an s3:// or nfs:// path: " + path);
    }
}
