package dev.polycsi.launcher;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How to run the AWS simulator; shared by {@code simulator} and the {@code --simulate} serving commands. */
final class SimulatorOptions {

    @Option(names = "--simulator-data", paramLabel = "DIR",
            description = "Where simulated volumes (sparse files) and file systems (directories) live "
                    + "(default: <tmp>/polycsi-simulator).")
    Path dataDir;

    @Option(names = "--simulator-state", paramLabel = "DIR",
            description = "Keep the simulated AWS state (volumes, snapshots, file systems, access points) here, so that a restart finds it again.")
    Path stateDir;

    @Option(names = "--simulator-url", paramLabel = "URL", converter = HttpUrl.class,
            description = "Join a simulator already running on this machine (polycsi simulator) instead of starting one.")
    java.net.URI url;

    @Option(names = "--simulator-instances", paramLabel = "N", defaultValue = "1",
            description = "How many EC2 instances the simulated account has (default: ${DEFAULT-VALUE}). The first is the node's "
                    + "(IMDS answers it; only its volumes appear on this machine); the others (i-0123456789abd0001, …) take turns "
                    + "over the zones from us-east-1b, and volumes attach only to instances of their zone.")
    int instances = 1;

    @Option(names = "--knob", paramLabel = "KEY=VALUE",
            description = "A simulator knob, e.g. delay.volume.available=1s, throttle.ec2.mutating=5/50, errors.DescribeVolumes=0.1. Repeatable.")
    List<String> knobs = new ArrayList<>();

    @Option(names = "--knobs-file", paramLabel = "FILE", description = "A file of simulator knobs, one KEY=VALUE per line.")
    Path knobsFile;

    /** Refused at parsing: any other URI would only fail once a backend makes its first call. */
    static final class HttpUrl implements CommandLine.ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                URI uri = new URI(value);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // refused below, with the same message
            }
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not an http:// URL such as polycsi simulator prints, e.g. http://127.0.0.1:4566");
        }
    }

    Path dataDirOrDefault() {
        return dataDir != null ? dataDir : Path.of(System.getProperty("java.io.tmpdir"), "polycsi-simulator");
    }
}
