package dev.polycsi.bench;

import dev.polycsi.simulator.knobs.Knobs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The command line of {@link LustreProvisioningBenchmark}. */
record LustreBenchmarkOptions(
        int fileSystems,
        Path knobsFile,
        Optional<Duration> availableDelay,
        String deploymentType,
        Optional<Integer> perUnitStorageThroughput,
        long sizeGiB,
        Duration timeout,
        Duration retryIntervalStart,
        Duration retryIntervalMax,
        Optional<Duration> giveUpAfter,
        int warmup,
        Map<String, String> extraKnobs,
        List<String> backendOptions,
        Optional<Path> workDir) {

    static final String USAGE = """
            usage: LustreProvisioningBenchmark [options]
              --file-systems N          volumes (one file system each) to provision at once (default 20)
              --knobs-file FILE         simulator knobs of the timed run (default aws-simulator/profiles/fsx-realistic.properties:
                                        8 min to AVAILABLE, 40 ms per call, 5 min to forget a token, ...)
              --available-delay D       overrides the file's delay.fsx.filesystem.available (e.g. 1m, 90s, PT2M) for a quick run
              --deployment-type T       SCRATCH_2 (default), SCRATCH_1, PERSISTENT_1 or PERSISTENT_2
              --throughput N            perUnitStorageThroughput, MB/s/TiB (persistent only; default 125 for PERSISTENT_2, 50 for PERSISTENT_1)
              --size-gib N              requested capacity (default 1200, the smallest FSx allows)
              --timeout D               csi-provisioner's --timeout: each CreateVolume's gRPC deadline (default 60s, as deployed)
              --retry-interval-start D  csi-provisioner's --retry-interval-start: the first pause after a failed call (default 1s)
              --retry-interval-max D    csi-provisioner's --retry-interval-max: the pause doubles up to this (default 30m, as deployed)
              --give-up-after D         stop retrying a volume after this long (default 3 x the delay + 10 min; csi-provisioner never does)
              --warmup N                volumes provisioned and removed before the timed run, without knobs (default 2)
              --knob KEY=VALUE          any further simulator knob, after the file's, e.g. throttle.fsx.CreateFileSystem=1/5
              --option BACKEND.KEY=V    a driver option of the fsx-lustre backend
              --work-dir DIR            where sockets and simulated file systems go (default: a new temp dir, removed at the end)
            """;

    static final Path DEFAULT_KNOBS_FILE = Path.of("aws-simulator/profiles/fsx-realistic.properties");
    static final String AVAILABLE_KNOB = "delay.fsx.filesystem.available";

    static LustreBenchmarkOptions parse(String[] args) {
        int fileSystems = 20;
        Path knobsFile = DEFAULT_KNOBS_FILE;
        Optional<Duration> available = Optional.empty();
        String deploymentType = "SCRATCH_2";
        Optional<Integer> throughput = Optional.empty();
        long sizeGiB = 1200;
        Duration timeout = Duration.ofSeconds(60);
        Duration retryStart = Duration.ofSeconds(1);
        Duration retryMax = Duration.ofMinutes(30);
        Optional<Duration> giveUp = Optional.empty();
        int warmup = 2;
        Map<String, String> knobs = new LinkedHashMap<>();
        List<String> backendOptions = new ArrayList<>();
        Optional<Path> workDir = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--file-systems" -> fileSystems = positive(arg, value(args, ++i, arg));
                case "--knobs-file" -> knobsFile = Path.of(value(args, ++i, arg));
                case "--available-delay" -> available = Optional.of(Knobs.parseDuration(arg, value(args, ++i, arg)));
                case "--deployment-type" -> deploymentType = value(args, ++i, arg);
                case "--throughput" -> throughput = Optional.of(positive(arg, value(args, ++i, arg)));
                case "--size-gib" -> sizeGiB = positive(arg, value(args, ++i, arg));
                case "--timeout" -> timeout = positiveDuration(arg, value(args, ++i, arg));
                case "--retry-interval-start" -> retryStart = positiveDuration(arg, value(args, ++i, arg));
                case "--retry-interval-max" -> retryMax = positiveDuration(arg, value(args, ++i, arg));
                case "--give-up-after" -> giveUp = Optional.of(positiveDuration(arg, value(args, ++i, arg)));
                case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, arg));
                case "--knob" -> {
                    String knob = value(args, ++i, arg);
                    int equals = knob.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException("--knob '" + knob + "' is not KEY=VALUE");
                    }
                    knobs.put(knob.substring(0, equals), knob.substring(equals + 1));
                }
                case "--option" -> backendOptions.add(value(args, ++i, arg));
                case "--work-dir" -> workDir = Optional.of(Path.of(value(args, ++i, arg)));
                case "-h", "--help" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (!List.of("SCRATCH_1", "SCRATCH_2", "PERSISTENT_1", "PERSISTENT_2").contains(deploymentType)) {
            throw new IllegalArgumentException("--deployment-type '" + deploymentType + "' is not SCRATCH_1, SCRATCH_2, PERSISTENT_1 or PERSISTENT_2");
        }
        if (deploymentType.startsWith("PERSISTENT") && throughput.isEmpty()) {
            throughput = Optional.of(deploymentType.equals("PERSISTENT_2") ? 125 : 50);
        }
        if (deploymentType.startsWith("SCRATCH") && throughput.isPresent()) {
            throw new IllegalArgumentException("--throughput is for persistent file systems only");
        }
        if (retryMax.compareTo(retryStart) < 0) {
            throw new IllegalArgumentException("--retry-interval-max is shorter than --retry-interval-start");
        }
        return new LustreBenchmarkOptions(fileSystems, knobsFile, available, deploymentType, throughput, sizeGiB, timeout, retryStart,
                retryMax, giveUp, warmup, knobs, backendOptions, workDir);
    }

    /**
     * The knobs of the timed run: the file's, then {@code --available-delay}, then every
     * {@code --knob}, each checked by the simulator's own parser.
     */
    Map<String, String> runKnobs() {
        Map<String, String> knobs = new LinkedHashMap<>(readKnobsFile());
        availableDelay.ifPresent(delay -> knobs.put(AVAILABLE_KNOB, delay.toMillis() + "ms"));
        knobs.putAll(extraKnobs);
        Knobs check = new Knobs();
        knobs.forEach(check::set);
        return knobs;
    }

    /** The file's {@code key=value} lines, read as {@link Knobs#setAll} reads them. */
    private Map<String, String> readKnobsFile() {
        String text;
        try {
            text = Files.readString(knobsFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the knobs file " + knobsFile + " (run from the repository's root, or give "
                    + "--knobs-file)", e);
        }
        Map<String, String> knobs = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(knobsFile + ": '" + trimmed + "' is not key=value");
            }
            knobs.put(trimmed.substring(0, equals).strip(), trimmed.substring(equals + 1).strip());
        }
        return knobs;
    }

    /** How long a file system stays CREATING in the timed run. */
    static Duration availableDelay(Map<String, String> knobs) {
        String value = knobs.get(AVAILABLE_KNOB);
        return value == null ? Duration.ZERO : Knobs.parseDuration(AVAILABLE_KNOB, value);
    }

    /** The simulator's latency of one call of {@code action}, as {@link Knobs#latency} picks it. */
    static Duration latency(Map<String, String> knobs, String action) {
        String value = knobs.getOrDefault("latency." + action, knobs.get("latency.*"));
        return value == null ? Duration.ZERO : Knobs.parseDuration("latency." + action, value);
    }

    /** The bucket the simulator meters {@code action} of FSx by: its own, else the service-wide one, as {@link Knobs#admit} does. */
    static Optional<EbsFloor.Bucket> fsxBucket(Map<String, String> knobs, String action) {
        String spec = knobs.getOrDefault("throttle.fsx." + action, knobs.get("throttle.fsx.*"));
        return spec == null || spec.equals("off") ? Optional.empty() : Optional.of(EbsFloor.Bucket.parse(spec));
    }

    /** When a volume's retries stop: as asked, else three times the creation delay and ten minutes. */
    Duration giveUp(Duration delay) {
        return giveUpAfter.orElseGet(() -> delay.multipliedBy(3).plusMinutes(10));
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int positive(String option, String value) {
        int parsed = Integer.parseInt(value);
        if (parsed < 1) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return parsed;
    }

    private static Duration positiveDuration(String option, String value) {
        Duration parsed = Knobs.parseDuration(option, value);
        if (parsed.isZero() || parsed.isNegative()) {
            throw new IllegalArgumentException(option + " must be longer than zero");
        }
        return parsed;
    }
}
