package dev.polycsi.launcher;

import dev.polycsi.aws.imds.Imds;
import dev.polycsi.core.server.Endpoint;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.BackendContext.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The options shared by {@code controller}, {@code node} and {@code all}, and the run itself. */
abstract class ServeCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    static final String DEFAULT_DRIVER_NAME = "aws.polycsi.dev";

    @Option(names = "--endpoint", defaultValue = "unix:///csi/csi.sock",
            description = "Where to serve CSI: unix:///path/csi.sock, or tcp://127.0.0.1:PORT for debugging (default: ${DEFAULT-VALUE}).")
    String endpoint;

    @Option(names = "--driver-name", defaultValue = DEFAULT_DRIVER_NAME,
            description = "The CSI driver name, as in the CSIDriver object and StorageClass provisioner (default: ${DEFAULT-VALUE}).")
    String driverName;

    @Option(names = "--node-id", description = "This node's id (default: the EC2 instance id from IMDS, else the host name; with --simulate, the simulated instance id).")
    String nodeId;

    @Option(names = "--plugin-dir", description = "Directory of backend plugins: each subdirectory, or JAR, is one plugin.")
    Path pluginDir;

    @Option(names = "--backends", split = ",", description = "Enable only these backends (default: all found).")
    List<String> backends = new ArrayList<>();

    @Option(names = "--backend-option", paramLabel = "BACKEND.KEY=VALUE",
            description = "An option for one backend, e.g. hostpath.root=/var/lib/hostpath. Repeatable; see 'polycsi backends --describe'.")
    List<String> backendOptions = new ArrayList<>();

    // aws-ebs-csi-driver's flags, accepted under their own names so that its users' manifests and
    // Helm values carry over; each is a shorthand for the EBS backend option of the same meaning.

    @Option(names = "--volume-attach-limit", paramLabel = "N",
            description = "EBS: volumes this node reports it can take (= --backend-option ebs.volume-attach-limit=N).")
    void volumeAttachLimit(int limit) {
        backendOptions.add("ebs.volume-attach-limit=" + limit);
    }

    @Option(names = "--reserved-volume-attachments", paramLabel = "N",
            description = "EBS: attachment slots kept for other volumes (= --backend-option ebs.reserved-volume-attachments=N).")
    void reservedVolumeAttachments(int reserved) {
        backendOptions.add("ebs.reserved-volume-attachments=" + reserved);
    }

    @Option(names = {"--extra-tags", "--extra-volume-tags"}, paramLabel = "K=V,…",
            description = "EBS: tags for every volume and snapshot (= --backend-option ebs.extra-tags=K=V,…).")
    void extraTags(String tags) {
        backendOptions.add("ebs.extra-tags=" + tags);
    }

    @Option(names = "--k8s-tag-cluster-id", paramLabel = "ID",
            description = "EBS: the cluster id for kubernetes.io/cluster/ID tags (= --backend-option ebs.cluster-id=ID).")
    void clusterId(String id) {
        backendOptions.add("ebs.cluster-id=" + id);
    }

    @Option(names = "--legacy-xfs", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "EBS: format xfs for kernels older than 5.10 (= --backend-option ebs.legacy-xfs=true).")
    void legacyXfs(boolean legacy) {
        backendOptions.add("ebs.legacy-xfs=" + legacy);
    }

    @Option(names = "--default-fstype", paramLabel = "FSTYPE",
            description = "The filesystem type the external-provisioner fills in (its --default-fstype); file backends, "
                    + "which format nothing, ignore it (default: none).")
    String defaultFsType;

    @Option(names = "--shutdown-grace", defaultValue = "PT30S", converter = IsoDuration.class,
            description = "On SIGTERM, how long calls in flight may finish, as an ISO-8601 duration (default: ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    @Option(names = "--simulate",
            description = "Run against an embedded AWS simulator on loopback instead of AWS: no account, credentials or network needed.")
    boolean simulate;

    @picocli.CommandLine.Mixin
    SimulatorOptions simulatorOptions;

    @Option(names = {"--metrics-address", "--http-endpoint"}, paramLabel = "HOST:PORT", converter = MetricsAddress.class,
            description = "Serve Prometheus metrics on http://HOST:PORT/metrics; :PORT listens on every address, port 0 on a "
                    + "free one (default: off). --http-endpoint is aws-ebs-csi-driver's name for it.")
    InetSocketAddress metricsAddress;

    @Option(names = "--batching", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "EBS: merge concurrent Describe calls (= --backend-option ebs.batching=BOOL; on by default, as the official chart sets it).")
    void batching(boolean batching) {
        backendOptions.add("ebs.batching=" + batching);
    }

    @Option(names = "--modify-volume-request-handler-timeout", paramLabel = "DURATION", converter = GoDuration.class,
            description = "EBS: how long resize and modify requests of one volume are merged, e.g. 2s (= --backend-option ebs.modify-window-ms).")
    void modifyWindow(Duration window) {
        backendOptions.add("ebs.modify-window-ms=" + window.toMillis());
    }

    @Option(names = "--delete-access-point-root-dir", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "EFS: delete an access point's directory with it (= --backend-option efs.delete-access-point-root-dir=BOOL).")
    void deleteAccessPointRootDir(boolean delete) {
        backendOptions.add("efs.delete-access-point-root-dir=" + delete);
    }

    @Option(names = "--tags", paramLabel = "K:V …",
            description = "EFS: tags for every access point, key:value pairs separated by spaces (= --backend-option efs.tags=…).")
    void efsTags(String tags) {
        backendOptions.add("efs.tags=" + tags);
    }

    @Option(names = {"--log-format", "--logging-format"}, defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}); --logging-format is the official drivers' name.")
    Logging.Format logFormat;

    @Option(names = "--log-level", description = "error, warn, info, debug or trace (default: info, or what -v says).")
    String logLevel;

    /** -v's level; --log-level wins when both are given. */
    private String verbosityLevel = "info";

    /** The official drivers' klog verbosity: their V(4) lines (throttles, retries) are polycsi's debug ones. */
    @Option(names = {"-v", "--v"}, paramLabel = "N", description = "klog verbosity, as the official drivers take it: "
            + "0-3 info, 4-5 debug, 6 and more trace (= --log-level).")
    void verbosity(int level) {
        if (level < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "-v " + level + ": the verbosity is 0 or more");
        }
        verbosityLevel = level >= 6 ? "trace" : level >= 4 ? "debug" : "info";
    }

    /** The log level the process runs at. */
    String logLevel() {
        return logLevel != null ? logLevel : verbosityLevel;
    }

    abstract Set<Role> roles();

    @Override
    public Integer call() throws Exception {
        long parsed = System.nanoTime();
        Logging.configure(logFormat, logLevel());
        StartupTimes startup = new StartupTimes(Main.STARTED, parsed, System.nanoTime());
        // Under simulation the node is the simulated instance, as IMDS would say on EC2.
        String defaultNodeId = simulate ? dev.polycsi.simulator.SimulatorConfig.DEFAULT_INSTANCE : null;
        // On EC2 the node is its instance, which is what the EBS backend attaches volumes to; the
        // backends read the same process-wide IMDS answers, so this costs them no second look-up.
        String node = Optional.ofNullable(nodeId).or(() -> Optional.ofNullable(defaultNodeId))
                .or(() -> roles().contains(Role.NODE) ? Imds.at(AwsAccess.DEFAULT).instanceId() : Optional.empty())
                .orElseGet(() -> roles().contains(Role.NODE) ? hostName() : "");
        DriverSettings settings = new DriverSettings(roles(), Endpoint.parse(endpoint), driverName, node,
                Optional.ofNullable(pluginDir), backends, backendOptions, Optional.ofNullable(defaultFsType), shutdownGrace,
                simulate ? Optional.of(simulatorOptions) : Optional.empty(), Optional.ofNullable(metricsAddress));
        return DriverProcess.run(settings, startup);
    }

    /** A Go duration as the official drivers' flags take them: 500ms, 2s, 1m30s, 1h. */
    static final class GoDuration implements CommandLine.ITypeConverter<Duration> {
        private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            java.util.regex.Matcher part = PART.matcher(value);
            Duration total = Duration.ZERO;
            int end = 0;
            while (part.find() && part.start() == end) {
                double amount = Double.parseDouble(part.group(1));
                long unitMillis = switch (part.group(2)) {
                    case "ms" -> 1;
                    case "s" -> 1_000;
                    case "m" -> 60_000;
                    default -> 3_600_000;
                };
                total = total.plusMillis(Math.round(amount * unitMillis));
                end = part.end();
            }
            if (end == 0 || end != value.length()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 500ms, 2s or 1m30s");
            }
            return total;
        }
    }

    /** picocli's own message for a bad Duration names a Java class and a parser's exception. */
    static final class IsoDuration implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an ISO-8601 duration, e.g. PT30S or PT1M");
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot find this host's name; give --node-id", e);
        }
    }

    @Command(name = "controller", description = "Serve the CSI controller (and identity) service.")
    static final class Controller extends ServeCommand {
        @Override
        Set<Role> roles() {
            return EnumSet.of(Role.CONTROLLER);
        }
    }

    @Command(name = "node", description = "Serve the CSI node (and identity) service.")
    static final class Node extends ServeCommand {
        @Override
        Set<Role> roles() {
            return EnumSet.of(Role.NODE);
        }
    }

    @Command(name = "all", description = "Serve the controller and node services in one process.")
    static final class All extends ServeCommand {
        @Override
        Set<Role> roles() {
            return EnumSet.of(Role.CONTROLLER, Role.NODE);
        }
    }
}
