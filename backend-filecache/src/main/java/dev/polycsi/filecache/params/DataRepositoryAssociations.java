package dev.polycsi.filecache.params;

import dev.polycsi.filecache.params.Shorthand.Entry;
import dev.polycsi.filecache.params.Shorthand.ListValue;
import dev.polycsi.filecache.params.Shorthand.Record;
import dev.polycsi.filecache.params.Shorthand.Scalar;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code dataRepositoryAssociations} parameter: up to 8 associations separated by
 * whitespace, each in the {@link Shorthand}, read into {@link DataRepositoryAssociation}s and
 * checked against CreateFileCache's rules before anything is asked of FSx. Every fault is
 * INVALID_ARGUMENT naming the parameter, the keys involved and the position.
 */
final class DataRepositoryAssociations {

    static final String KEY = "dataRepositoryAssociations";

    static final String FILE_CACHE_PATH = "FileCachePath";
    static final String DATA_REPOSITORY_PATH = "DataRepositoryPath";
    static final String SUBDIRECTORIES = "DataRepositorySubdirectories";
    static final String NFS = "NFS";
    static final String VERSION = "Version";
    static final String DNS_IPS = "DnsIps";
    static final List<String> KEYS = List.of(FILE_CACHE_PATH, DATA_REPOSITORY_PATH, SUBDIRECTORIES, NFS);
    static final List<String> NFS_KEYS = List.of(VERSION, DNS_IPS);

    /** CreateFileCache's limits. */
    static final int MAX_ASSOCIATIONS = 8;
    static final int MAX_SUBDIRECTORIES = 500;
    static final int MAX_PATH = 4096;
    static final int MAX_REPOSITORY_PATH = 4357;
    static final int MAX_DNS_IP_LENGTH = 45;

    /** An S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens) and an optional prefix. */
    private static final Pattern S3 = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/.*)?");
    /** A host name or IPv4 address, and an optional path. */
    private static final Pattern NFS_PATH = Pattern.compile("nfs://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?)(/.*)?");
    private static final Pattern NUMERIC_HOST = Pattern.compile("[0-9]+(\\.[0-9]+){3}");
    private static final Pattern IPV4 = Pattern.compile("(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.){3}"
            + "([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])");

    static final String ALLOWED = "up to 8 associations separated by whitespace, each "
            + "FileCachePath=/PATH,DataRepositoryPath=s3://BUCKET[/PREFIX] or "
            + "FileCachePath=/PATH,DataRepositoryPath=nfs://HOST/EXPORT[,NFS={Version=NFS3[,DnsIps=[IP,…]]}] or "
            + "FileCachePath=/PATH,DataRepositoryPath=nfs://HOST,DataRepositorySubdirectories=[EXPORT,…][,NFS={…}]; all S3 or all NFS";

    /** One association as read, with the positions its checks point at. */
    private record Located(int number, DataRepositoryAssociation association, Fields fields, Scalar cachePath, Scalar repositoryPath,
            List<String> components) {}

    private DataRepositoryAssociations() {
    }

    /** The associations {@code text} describes; INVALID_ARGUMENT with the position of the first fault. */
    static List<DataRepositoryAssociation> parse(String text) {
        Source source = new Source(KEY, text);
        List<Record> records = Shorthand.records(source);
        if (records.isEmpty()) {
            throw source.fault(0, "no association: give at least one FileCachePath=…,DataRepositoryPath=…");
        }
        if (records.size() > MAX_ASSOCIATIONS) {
            throw source.fault(records.get(MAX_ASSOCIATIONS).start(), "association %d: a cache links at most %d data repositories",
                    MAX_ASSOCIATIONS + 1, MAX_ASSOCIATIONS);
        }
        List<Located> located = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            located.add(association(new Fields(source, records.get(i), "association " + (i + 1), KEYS), i + 1));
        }
        checkOneRepositoryType(source, located);
        checkRoot(located);
        checkNoOverlap(located);
        return located.stream().map(Located::association).toList();
    }

    /** The associations as the official driver reads them, separated by a space; {@link #parse} gives them back. */
    static String format(List<DataRepositoryAssociation> associations) {
        return associations.stream().map(DataRepositoryAssociation::toShorthand).collect(Collectors.joining(" "));
    }

    private static Located association(Fields fields, int number) {
        Scalar cachePath = fields.requiredScalar(FILE_CACHE_PATH, "FileCachePath=/PATH");
        Scalar repositoryPath = fields.requiredScalar(DATA_REPOSITORY_PATH, "DataRepositoryPath=s3://BUCKET/PREFIX or nfs://HOST/EXPORT");
        Optional<ListValue> subdirectories = fields.list(SUBDIRECTORIES);
        Optional<Record> nfsGroup = fields.group(NFS, "NFS={Version=NFS3,DnsIps=[IP,…]}");
        RepositoryType type = repositoryType(fields, repositoryPath);
        if (type == RepositoryType.S3) {
            for (String key : List.of(SUBDIRECTORIES, NFS)) {
                Optional<Entry> entry = fields.entry(key);
                if (entry.isPresent()) {
                    throw fields.fault(entry.get().start(), "'%s' is for NFS repositories, and '%s' %s is S3", key,
                            DATA_REPOSITORY_PATH, Source.clip(repositoryPath.text()));
                }
            }
            checkS3Path(fields, repositoryPath);
        } else {
            checkNfsPath(fields, repositoryPath, subdirectories.isPresent());
        }
        List<String> components = cachePathComponents(fields, cachePath);
        List<String> subdirectoryPaths = subdirectories.map(list -> subdirectories(fields, list)).orElse(List.of());
        Optional<NfsConfiguration> nfs = type == RepositoryType.NFS
                ? Optional.of(nfsGroup.map(group -> nfs(fields, group)).orElse(NfsConfiguration.nfs3()))
                : Optional.empty();
        DataRepositoryAssociation association = new DataRepositoryAssociation(cachePath.text(), repositoryPath.text(), subdirectoryPaths,
                nfs);
        return new Located(number, association, fields, cachePath, repositoryPath, components);
    }

    private static RepositoryType repositoryType(Fields fields, Scalar path) {
        for (RepositoryType type : RepositoryType.values()) {
            if (path.text().startsWith(type.scheme())) {
                return type;
            }
        }
        throw fields.fault(path.start(), "'%s' %s is neither s3://BUCKET[/PREFIX] nor nfs://HOST[/EXPORT]%s", DATA_REPOSITORY_PATH,
                Source.clip(path.text()), path.text().regionMatches(true, 0, "s3://", 0, 5)
                        || path.text().regionMatches(true, 0, "nfs://", 0, 6) ? " (the scheme is lower-case)" : "");
    }

    private static void checkS3Path(Fields fields, Scalar path) {
        if (path.text().length() > MAX_REPOSITORY_PATH || !S3.matcher(path.text()).matches()) {
            throw fields.fault(path.start(), "'%s' %s is not s3://BUCKET or s3://BUCKET/PREFIX (a bucket has 3 to 63 lower-case letters, "
                    + "digits, dots and hyphens; the whole path at most %d characters)", DATA_REPOSITORY_PATH, Source.clip(path.text()),
                    MAX_REPOSITORY_PATH);
        }
    }

    /**
     * {@code nfs://host/export} without subdirectories; with them, the server alone
     * ({@code nfs://host}, or {@code nfs://host/} as in the official driver's example), the root
     * the subdirectories are relative to.
     */
    private static void checkNfsPath(Fields fields, Scalar path, boolean withSubdirectories) {
        Matcher matcher = NFS_PATH.matcher(path.text());
        if (path.text().length() > MAX_REPOSITORY_PATH || !matcher.matches() || matcher.group(1).length() > 253
                || NUMERIC_HOST.matcher(matcher.group(1)).matches() && !IPV4.matcher(matcher.group(1)).matches()) {
            throw fields.fault(path.start(), "'%s' %s is not nfs://HOST/EXPORT or nfs://HOST (HOST a DNS name or an IPv4 address)",
                    DATA_REPOSITORY_PATH, Source.clip(path.text()));
        }
        String export = matcher.group(5) == null ? "" : matcher.group(5);
        boolean serverOnly = export.isEmpty() || export.equals("/");
        if (withSubdirectories && !serverOnly) {
            throw fields.fault(path.start(), "with '%s', '%s' is the NFS server alone, nfs://%s, the root the subdirectories are "
                    + "relative to; not %s", SUBDIRECTORIES, DATA_REPOSITORY_PATH, Source.clip(matcher.group(1)), Source.clip(path.text()));
        }
        if (!withSubdirectories && serverOnly) {
            throw fields.fault(path.start(), "'%s' %s names no export: write nfs://%s/EXPORT, or list the exports in '%s'",
                    DATA_REPOSITORY_PATH, Source.clip(path.text()), Source.clip(matcher.group(1)), SUBDIRECTORIES);
        }
    }

    /** The '/'-separated components of a FileCachePath ({@code /} has none), checked. */
    private static List<String> cachePathComponents(Fields fields, Scalar path) {
        String text = path.text();
        if (!text.startsWith("/")) {
            throw fields.fault(path.start(), "'%s' %s must start with '/'", FILE_CACHE_PATH, Source.clip(text));
        }
        if (text.length() > MAX_PATH) {
            throw fields.fault(path.start(), "'%s' is longer than %d characters", FILE_CACHE_PATH, MAX_PATH);
        }
        List<String> components = Arrays.stream(text.split("/")).filter(c -> !c.isEmpty()).toList();
        if (components.contains(".") || components.contains("..")) {
            throw fields.fault(path.start(), "'%s' %s has a '.' or '..' component", FILE_CACHE_PATH, Source.clip(text));
        }
        return components;
    }

    private static List<String> subdirectories(Fields fields, ListValue list) {
        if (list.items().size() > MAX_SUBDIRECTORIES) {
            throw fields.fault(list.items().get(MAX_SUBDIRECTORIES).start(), "'%s' has more than %d entries", SUBDIRECTORIES,
                    MAX_SUBDIRECTORIES);
        }
        Set<String> seen = new HashSet<>();
        for (Scalar item : list.items()) {
            if (item.text().length() > MAX_PATH) {
                throw fields.fault(item.start(), "an entry of '%s' is longer than %d characters", SUBDIRECTORIES, MAX_PATH);
            }
            if (!seen.add(item.text())) {
                throw fields.fault(item.start(), "'%s' lists %s twice", SUBDIRECTORIES, Source.clip(item.text()));
            }
        }
        return list.texts();
    }

    private static NfsConfiguration nfs(Fields association, Record group) {
        Fields fields = new Fields(association.source(), group, "NFS of " + association.where(), NFS_KEYS);
        Scalar version = fields.requiredScalar(VERSION, "NFS={Version=NFS3}");
        if (!version.text().equals(NfsVersion.NFS3.name())) {
            throw fields.fault(version.start(), "'%s' %s: File Cache links NFS3 repositories only%s", VERSION, Source.clip(version.text()),
                    version.text().equalsIgnoreCase(NfsVersion.NFS3.name()) ? " (values are case-sensitive: write NFS3)" : "");
        }
        List<String> dnsIps = fields.list(DNS_IPS).map(list -> dnsIps(fields, list)).orElse(List.of());
        return new NfsConfiguration(NfsVersion.NFS3, dnsIps);
    }

    private static List<String> dnsIps(Fields fields, ListValue list) {
        if (list.items().size() > NfsConfiguration.MAX_DNS_IPS) {
            throw fields.fault(list.items().get(NfsConfiguration.MAX_DNS_IPS).start(), "'%s' has more than %d addresses", DNS_IPS,
                    NfsConfiguration.MAX_DNS_IPS);
        }
        Set<String> seen = new HashSet<>();
        for (Scalar item : list.items()) {
            if (!isIpAddress(item.text())) {
                throw fields.fault(item.start(), "'%s' %s is not an IPv4 or IPv6 address", DNS_IPS, Source.clip(item.text()));
            }
            if (!seen.add(item.text())) {
                throw fields.fault(item.start(), "'%s' lists %s twice", DNS_IPS, Source.clip(item.text()));
            }
        }
        return list.texts();
    }

    static boolean isIpAddress(String text) {
        if (text.length() > MAX_DNS_IP_LENGTH) {
            return false;
        }
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        if (!text.contains(":")) {
            return false;
        }
        try {
            Inet6Address.ofLiteral(text); // parses the literal only; never asks a resolver
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void checkOneRepositoryType(Source source, List<Located> located) {
        Located first = located.getFirst();
        RepositoryType type = first.association().repositoryType();
        for (Located other : located) {
            if (other.association().repositoryType() != type) {
                throw other.fields().fault(other.repositoryPath().start(), "'%s' %s is %s, but association %d's (%s, character %d) is %s: "
                        + "a cache links S3 repositories only or NFS repositories only", DATA_REPOSITORY_PATH,
                        Source.clip(other.repositoryPath().text()), other.association().repositoryType(), first.number(),
                        Source.clip(first.repositoryPath().text()), source.character(first.repositoryPath().start()), type);
            }
        }
    }

    /** The cache root '/' only for NFS with subdirectories, and then as the only association. */
    private static void checkRoot(List<Located> located) {
        for (Located one : located) {
            if (!one.components().isEmpty()) {
                continue;
            }
            DataRepositoryAssociation association = one.association();
            if (association.repositoryType() == RepositoryType.S3) {
                throw one.fields().fault(one.cachePath().start(), "'%s' %s is the cache root, which an S3 repository cannot have; "
                        + "write /NAME", FILE_CACHE_PATH, Source.clip(one.cachePath().text()));
            }
            if (association.dataRepositorySubdirectories().isEmpty()) {
                throw one.fields().fault(one.cachePath().start(), "'%s' %s is the cache root, which only an NFS repository with '%s' can "
                        + "have", FILE_CACHE_PATH, Source.clip(one.cachePath().text()), SUBDIRECTORIES);
            }
            if (located.size() > 1) {
                throw one.fields().fault(one.cachePath().start(), "'%s' %s is the cache root, so this must be the only association "
                        + "(there are %d)", FILE_CACHE_PATH, Source.clip(one.cachePath().text()), located.size());
            }
        }
    }

    /** No FileCachePath may equal or contain another, compared on whole '/'-separated components. */
    private static void checkNoOverlap(List<Located> located) {
        for (int j = 1; j < located.size(); j++) {
            Located later = located.get(j);
            for (int i = 0; i < j; i++) {
                Located earlier = located.get(i);
                List<String> a = earlier.components();
                List<String> b = later.components();
                int common = Math.min(a.size(), b.size());
                if (a.subList(0, common).equals(b.subList(0, common))) {
                    String relation = a.size() == b.size() ? "is the same path as" : a.size() < b.size() ? "is inside" : "contains";
                    throw later.fields().fault(later.cachePath().start(), "'%s' %s %s '%s' %s of association %d (character %d): the "
                            + "cache paths of two associations cannot overlap", FILE_CACHE_PATH, Source.clip(later.cachePath().text()),
                            relation, FILE_CACHE_PATH, Source.clip(earlier.cachePath().text()), earlier.number(),
                            later.fields().source().character(earlier.cachePath().start()));
                }
            }
        }
    }
}
