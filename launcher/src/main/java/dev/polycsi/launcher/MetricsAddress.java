package dev.polycsi.launcher;

import java.net.InetSocketAddress;
import picocli.CommandLine;

/**
 * {@code --metrics-address}: {@code HOST:PORT}, {@code [IPv6]:PORT}, or {@code :PORT} for every
 * address (aws-ebs-csi-driver's {@code --http-endpoint=:3301}). The host is an address or a name
 * resolved once at start.
 */
final class MetricsAddress implements CommandLine.ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String value) {
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(value, "it has no port");
        }
        String host = value.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid(value, "'" + value.substring(colon + 1) + "' is not a port");
        }
        if (port < 0 || port > 65_535) {
            throw invalid(value, "the port must be 0 to 65535");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw invalid(value, "write an IPv6 address in brackets, e.g. [::1]:" + port);
        }
        if (host.isEmpty()) {
            return new InetSocketAddress(port);
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw invalid(value, "host '" + host + "' does not resolve");
        }
        return address;
    }

    private static CommandLine.TypeConversionException invalid(String value, String why) {
        return new CommandLine.TypeConversionException("--metrics-address '" + value + "': " + why
                + "; use HOST:PORT, [IPv6]:PORT or :PORT");
    }
}
