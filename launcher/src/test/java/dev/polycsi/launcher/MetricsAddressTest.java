package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --metrics-address} as users write it, and the mistakes they make, each refused with what to write instead. */
class MetricsAddressTest {

    private final MetricsAddress converter = new MetricsAddress();

    @Test
    void hostAndPortAnyAddressAndBracketedIpv6AreTaken() throws Exception {
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 3301), converter.convert("127.0.0.1:3301"));
        InetSocketAddress any = converter.convert(":3302");
        assertTrue(any.getAddress().isAnyLocalAddress(), any.toString());
        assertEquals(3302, any.getPort());
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 0), converter.convert("[::1]:0"));
        assertEquals(3301, converter.convert("localhost:3301").getPort());
    }

    @Test
    void badAddressesAreRefusedSayingWhy() {
        assertRefused("3301", "it has no port");
        assertRefused("127.0.0.1:http", "'http' is not a port");
        assertRefused("127.0.0.1:65536", "the port must be 0 to 65535");
        assertRefused("::1:3301", "write an IPv6 address in brackets");
        assertRefused("no-such-host.invalid:3301", "does not resolve");
    }

    @Test
    void theFlagAndItsAwsEbsCsiDriverNameReachTheCommandLine() {
        CommandLineTest.Run run = CommandLineTest.run("controller", "--metrics-address", "127.0.0.1:99999");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--metrics-address '127.0.0.1:99999': the port must be 0 to 65535"), run.err());
        run = CommandLineTest.run("controller", "--http-endpoint", "nowhere");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("it has no port"), run.err());
    }

    private void assertRefused(String value, String why) {
        CommandLine.TypeConversionException refused = assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert(value));
        assertTrue(refused.getMessage().contains(why), refused.getMessage());
        assertTrue(refused.getMessage().contains("use HOST:PORT, [IPv6]:PORT or :PORT"), refused.getMessage());
    }
}
