package dev.polycsi.filecache.cloud;

import dev.polycsi.filecache.params.DataRepositoryAssociation;
import dev.polycsi.filecache.params.NfsConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A data repository association of a cache, as DescribeDataRepositoryAssociations shows it, or as
 * a StorageClass asks for it ({@link #requested}); {@link #normalized()} makes the two comparable.
 *
 * @param nfsVersion NFS.Version, for NFS repositories
 * @param dnsIps     NFS.DnsIps
 */
public record CacheAssociation(String fileCachePath, String dataRepositoryPath, List<String> subdirectories, Optional<String> nfsVersion,
        List<String> dnsIps) {

    public CacheAssociation {
        subdirectories = List.copyOf(subdirectories);
        dnsIps = List.copyOf(dnsIps);
    }

    /** The association a StorageClass asks for. */
    public static CacheAssociation requested(DataRepositoryAssociation association) {
        return new CacheAssociation(association.fileCachePath(), association.dataRepositoryPath(),
                association.dataRepositorySubdirectories(), association.nfs().map(nfs -> nfs.version().name()),
                association.nfs().map(NfsConfiguration::dnsIps).orElse(List.of()));
    }

    /**
     * The same association in one spelling: paths without trailing slashes (FSx adds one to S3
     * paths, and {@code /ns1} and {@code /ns1/} are the same cache path), subdirectories with one
     * leading slash, subdirectories and DNS servers sorted.
     */
    public CacheAssociation normalized() {
        List<String> exports = new ArrayList<>(new TreeSet<>(subdirectories.stream().map(s -> "/" + trim(s)).toList()));
        return new CacheAssociation("/" + trim(fileCachePath), withoutTrailingSlash(dataRepositoryPath), exports, nfsVersion,
                List.copyOf(new TreeSet<>(dnsIps)));
    }

    /** For messages: the shorthand of the StorageClass parameter. */
    public String describe() {
        StringBuilder text = new StringBuilder("FileCachePath=").append(fileCachePath).append(",DataRepositoryPath=").append(dataRepositoryPath);
        if (!subdirectories.isEmpty()) {
            text.append(",DataRepositorySubdirectories=[").append(String.join(",", subdirectories)).append(']');
        }
        nfsVersion.ifPresent(version -> text.append(",NFS={Version=").append(version)
                .append(dnsIps.isEmpty() ? "" : ",DnsIps=[" + String.join(",", dnsIps) + "]").append('}'));
        return text.toString();
    }

    private static String trim(String path) {
        return path.replaceAll("^/+", "").replaceAll("/+$", "");
    }

    private static String withoutTrailingSlash(String path) {
        return path.replaceAll("/+$", "");
    }
}
