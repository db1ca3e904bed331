package dev.polycsi.filecache.params;

import java.util.List;
import java.util.Objects;

/**
 * The NFS of an association with an NFS repository (CreateFileCache's FileCacheNFSConfiguration).
 *
 * @param version the protocol version; NFS3, the only one File Cache offers
 * @param dnsIps  IPv4 or IPv6 addresses of the DNS servers that resolve the NFS server's name; may
 *                be empty (FSx then uses the VPC's resolver); at most {@link #MAX_DNS_IPS}
 */
public record NfsConfiguration(NfsVersion version, List<String> dnsIps) {

    /** The model's limit; the API reference's text says "up to 2", which FSx does not enforce in the model. */
    public static final int MAX_DNS_IPS = 10;

    public NfsConfiguration {
        Objects.requireNonNull(version, "version");
        dnsIps = List.copyOf(dnsIps);
        if (dnsIps.size() > MAX_DNS_IPS) {
            throw new IllegalArgumentException(dnsIps.size() + " DNS servers, more than " + MAX_DNS_IPS);
        }
    }

    /** NFS3 and the VPC's resolver: what an association that names no NFS={…} gets. */
    public static NfsConfiguration nfs3() {
        return new NfsConfiguration(NfsVersion.NFS3, List.of());
    }

    /** The shorthand the official driver reads, e.g. {@code {Version=NFS3,DnsIps=[10.0.0.2]}}. */
    public String toShorthand() {
        return "{Version=" + version + (dnsIps.isEmpty() ? "" : ",DnsIps=[" + String.join(",", dnsIps) + "]") + "}";
    }
}
