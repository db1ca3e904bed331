package dev.polycsi.simulator.fsx;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One data repository a cache links to, as CreateFileCache asked for it: where in the cache
 * ({@code FileCachePath}), which S3 prefix or NFS export ({@code DataRepositoryPath}, an S3 path
 * ending in {@code /} as FSx reads it), and for NFS the exports under the filer's root and the
 * protocol settings.
 */
record RepositoryLink(String fileCachePath, String dataRepositoryPath, List<String> subdirectories, Optional<Nfs> nfs) {

    /** {@code NFS{Version, DnsIps}}: NFS3 is the only version. */
    record Nfs(String version, List<String> dnsIps) {

        Nfs {
            dnsIps = List.copyOf(dnsIps);
        }
    }

    enum Type { S3, NFS }

    RepositoryLink {
        subdirectories = List.copyOf(subdirectories);
    }

    Type type() {
        return dataRepositoryPath.startsWith("s3://") ? Type.S3 : Type.NFS;
    }

    /** The directories a pod sees in the cache: the cache path, and under it each NFS export linked. */
    List<String> cacheDirectories() {
        String base = fileCachePath.replaceAll("/+$", "");
        if (subdirectories.isEmpty()) {
            return List.of(base.isEmpty() ? "/" : base);
        }
        List<String> directories = new ArrayList<>();
        for (String subdirectory : subdirectories) {
            directories.add(base + "/" + subdirectory.replaceAll("^/+", "").replaceAll("/+$", ""));
        }
        return directories;
    }
}
