package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.json.JsonRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CreateFileCache's {@code DataRepositoryAssociations}, checked as the FSx API reference and the
 * File Cache guide state the rules: at most 8, all S3 or all NFS (NFSv3); a cache path with a
 * leading {@code /}, overlapping no other; the root {@code /} only for a cache's one NFS
 * association with DataRepositorySubdirectories; {@code s3://bucket/prefix/} (FSx adds the
 * trailing {@code /}) or {@code nfs://host/export} ({@code nfs://host} with subdirectories);
 * repository paths overlapping no other. Every violation is BadRequest naming the association.
 * No S3 or NFS is simulated: a well-formed path is taken to exist.
 */
final class RepositoryLinks {

    static final int MAX_ASSOCIATIONS = 8;
    private static final int MAX_SUBDIRECTORIES = 500;
    /** The File Cache guide and the API reference: "up to 2" DNS servers (the model's list allows 10). */
    private static final int MAX_DNS_IPS = 2;
    private static final Pattern FORBIDDEN_CHARACTERS = Pattern.compile("[\\u0000\\u0085\\u2028\\u2029\\r\\n]");
    private static final Pattern S3_PATH = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/.*)?");
    private static final Pattern NFS_PATH = Pattern.compile("nfs://([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(/.*)?");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private RepositoryLinks() {
    }

    static List<RepositoryLink> read(JsonRequest body) {
        List<JsonRequest> requested = body.objects("DataRepositoryAssociations");
        if (requested.size() > MAX_ASSOCIATIONS) {
            throw FsxError.badRequest("A cache can have at most %d data repository associations, not %d.", MAX_ASSOCIATIONS, requested.size());
        }
        List<RepositoryLink> links = requested.stream().map(RepositoryLinks::link).toList();
        if (links.stream().map(RepositoryLink::type).distinct().count() > 1) {
            throw FsxError.badRequest("All data repository associations of a cache must be of the same type, all S3 or all NFS.");
        }
        if (links.size() > 1 && links.stream().anyMatch(link -> link.fileCachePath().equals("/"))) {
            throw FsxError.badRequest("A data repository association with the cache path / must be the cache's only one, not one of %d.",
                    links.size());
        }
        for (int i = 0; i < links.size(); i++) {
            for (int j = i + 1; j < links.size(); j++) {
                requireApart(links.get(i), links.get(j));
            }
        }
        return links;
    }

    private static RepositoryLink link(JsonRequest association) {
        String cachePath = association.requiredString("FileCachePath");
        requirePath("FileCachePath", cachePath, 1, 4096);
        if (!cachePath.startsWith("/")) {
            throw FsxError.badRequest("FileCachePath '%s' must begin with a forward slash (/).", cachePath);
        }
        requireNoDotSegments("FileCachePath", cachePath);
        String repositoryPath = association.requiredString("DataRepositoryPath");
        requirePath("DataRepositoryPath", repositoryPath, 3, 4357);
        List<String> subdirectories = association.strings("DataRepositorySubdirectories");
        Optional<JsonRequest> nfs = association.object("NFS");
        if (repositoryPath.startsWith("s3://")) {
            return s3(cachePath, repositoryPath, subdirectories, nfs);
        }
        if (repositoryPath.startsWith("nfs://")) {
            return nfs(cachePath, repositoryPath, subdirectories, nfs);
        }
        throw FsxError.badRequest("DataRepositoryPath '%s' must be an Amazon S3 path (s3://bucket/prefix/) or an NFS path"
                + " (nfs://nfs-domain-name/exportpath).", repositoryPath);
    }

    private static RepositoryLink s3(String cachePath, String repositoryPath, List<String> subdirectories, Optional<JsonRequest> nfs) {
        if (!S3_PATH.matcher(repositoryPath).matches()) {
            throw FsxError.badRequest("DataRepositoryPath '%s' is not a valid Amazon S3 path such as s3://bucket/prefix/.", repositoryPath);
        }
        if (nfs.isPresent()) {
            throw FsxError.badRequest("NFS can be set only for an NFS data repository, not for %s.", repositoryPath);
        }
        if (!subdirectories.isEmpty()) {
            throw FsxError.badRequest("DataRepositorySubdirectories is supported only for NFS data repositories, not for %s.", repositoryPath);
        }
        if (cachePath.equals("/")) {
            throw FsxError.badRequest("The cache path cannot be the root (/) for an Amazon S3 data repository association (%s).", repositoryPath);
        }
        String path = repositoryPath.endsWith("/") ? repositoryPath : repositoryPath + "/";
        return new RepositoryLink(cachePath, path, List.of(), Optional.empty());
    }

    private static RepositoryLink nfs(String cachePath, String repositoryPath, List<String> subdirectories, Optional<JsonRequest> nfs) {
        Matcher parts = NFS_PATH.matcher(repositoryPath);
        if (!parts.matches()) {
            throw FsxError.badRequest("DataRepositoryPath '%s' is not a valid NFS path such as nfs://filer.example.com/export.", repositoryPath);
        }
        String export = parts.group(3) == null ? "" : parts.group(3);
        requireNoDotSegments("DataRepositoryPath", export);
        JsonRequest settings = nfs.orElseThrow(() -> FsxError.badRequest(
                "The NFS data repository association for %s needs NFS with Version NFS3.", repositoryPath));
        String version = FsxFields.oneOf(settings, "Version", List.of("NFS3"))
                .orElseThrow(() -> FsxError.badRequest("Version is required in NFS; the only version is NFS3 (NFSv3)."));
        List<String> dnsIps = settings.strings("DnsIps");
        if (dnsIps.size() > MAX_DNS_IPS) {
            throw FsxError.badRequest("DnsIps can list at most %d DNS servers, not %d.", MAX_DNS_IPS, dnsIps.size());
        }
        dnsIps.stream().filter(ip -> !IPV4.matcher(ip).matches()).findFirst().ifPresent(ip -> {
            throw FsxError.badRequest("DnsIps entry '%s' is not an IPv4 address.", ip);
        });
        if (subdirectories.isEmpty()) {
            if (export.isEmpty() || export.equals("/")) {
                throw FsxError.badRequest("DataRepositoryPath '%s' must name an NFS export (nfs://nfs-domain-name/exportpath), or list the"
                        + " exports in DataRepositorySubdirectories.", repositoryPath);
            }
            if (cachePath.equals("/")) {
                throw FsxError.badRequest("The cache path can be the root (/) only for an NFS data repository association with"
                        + " DataRepositorySubdirectories.");
            }
        } else {
            if (!export.isEmpty() && !export.equals("/")) {
                throw FsxError.badRequest("With DataRepositorySubdirectories, DataRepositoryPath must be the NFS file system's domain name"
                        + " (nfs://filer-domain-name), not '%s'.", repositoryPath);
            }
            requireSubdirectories(subdirectories);
        }
        return new RepositoryLink(cachePath, repositoryPath, subdirectories, Optional.of(new RepositoryLink.Nfs(version, dnsIps)));
    }

    private static void requireSubdirectories(List<String> subdirectories) {
        if (subdirectories.size() > MAX_SUBDIRECTORIES) {
            throw FsxError.badRequest("DataRepositorySubdirectories can list at most %d exports, not %d.", MAX_SUBDIRECTORIES, subdirectories.size());
        }
        HashSet<String> seen = new HashSet<>();
        for (String subdirectory : subdirectories) {
            requirePath("DataRepositorySubdirectories", subdirectory, 1, 4096);
            String normalized = withSlashes(subdirectory);
            if (normalized.equals("/")) {
                throw FsxError.badRequest("DataRepositorySubdirectories entry '%s' must name an export such as /exportpath.", subdirectory);
            }
            requireNoDotSegments("DataRepositorySubdirectories", subdirectory);
            if (!seen.add(normalized)) {
                throw FsxError.badRequest("DataRepositorySubdirectories lists the export '%s' twice.", subdirectory);
            }
        }
    }

    /** Two associations may share neither a cache directory nor a repository directory, nor nest one in the other. */
    private static void requireApart(RepositoryLink a, RepositoryLink b) {
        if (nested(withSlashes(a.fileCachePath()), withSlashes(b.fileCachePath()))) {
            throw FsxError.badRequest("The cache paths %s and %s overlap; two data repository associations cannot have overlapping cache paths.",
                    a.fileCachePath(), b.fileCachePath());
        }
        for (String first : repositoryDirectories(a)) {
            for (String second : repositoryDirectories(b)) {
                if (nested(first, second)) {
                    throw FsxError.badRequest("The data repository paths %s and %s overlap; two data repository associations cannot have"
                            + " overlapping data repository paths.", first, second);
                }
            }
        }
    }

    /** What an association links, each ending in {@code /}: the S3 prefix, the NFS export, or the filer's exports listed. */
    private static List<String> repositoryDirectories(RepositoryLink link) {
        if (link.subdirectories().isEmpty()) {
            return List.of(withTrailingSlash(link.dataRepositoryPath()));
        }
        String filer = link.dataRepositoryPath().replaceAll("/+$", "");
        List<String> exports = new ArrayList<>();
        link.subdirectories().forEach(subdirectory -> exports.add(filer + withSlashes(subdirectory)));
        return exports;
    }

    private static boolean nested(String a, String b) {
        return a.startsWith(b) || b.startsWith(a);
    }

    /** {@code /a/b/} for {@code a/b}, {@code /a/b} or {@code /a/b/}. */
    private static String withSlashes(String path) {
        return withTrailingSlash(path.startsWith("/") ? path : "/" + path);
    }

    private static String withTrailingSlash(String path) {
        return path.endsWith("/") ? path : path + "/";
    }

    private static void requirePath(String member, String value, int min, int max) {
        if (value.length() < min || value.length() > max || FORBIDDEN_CHARACTERS.matcher(value).find()) {
            throw FsxError.badRequest("%s '%s' must be %d to %d characters without line breaks or NUL.", member, value, min, max);
        }
    }

    private static void requireNoDotSegments(String member, String path) {
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw FsxError.badRequest("%s '%s' must not contain . or .. segments.", member, path);
            }
        }
    }
}
