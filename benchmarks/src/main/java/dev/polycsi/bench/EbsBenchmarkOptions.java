package dev.polycsi.bench;

import dev.polycsi.simulator.knobs.Knobs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The command line of {@link EbsProvisioningBenchmark}. */
record EbsBenchmarkOptions(
        int volumes,
        Duration availableDelay,
        Duration attachedDelay,
        boolean throttle,
        Optional<Integer> instances,
        String instanceType,
        long sizeGiB,
        int warmupPerDriver,
        Map<String, String> extraKnobs,
        List<String> backendOptions,
        Optional<Path> workDir) {

    static final String USAGE = """
            usage: EbsProvisioningBenchmark [options]
              --volumes N             volumes to provision at once (default 200)
              --available-delay D     simulated time from CreateVolume to available (default 1s; 250ms, 2s, PT1.5S)
              --attached-delay D      simulated time from AttachVolume to attached (default 2s)
              --no-throttle           no EC2 token buckets (default: EC2's default account limits)
              --instances K           simulated instances to publish to (default: as few as allowed, 100 volumes at most each)
              --instance-type T       their type, which sets the attachment limit (default m7i.48xlarge: 128)
              --size-gib N            volume size (default 10)
              --warmup N              volumes each driver provisions and removes before the timed run (default 3)
              --knob KEY=VALUE        any further simulator knob, e.g. latency.*=20ms (see aws-simulator Knobs)
              --option BACKEND.KEY=V  a driver option, e.g. ebs.batch-window-ms=250 or ebs.batching=false
              --work-dir DIR          where sockets go (default: a new temp dir, removed at the end)
            """;

    /** EC2's default account limits, as the simulator's Ec2Service documents them. */
    static final Map<String, String> EC2_BUCKETS = Map.of(
            "describe", "20/100",
            "describe-unfiltered", "10/50",
            "mutating", "5/50",
            "CreateVolume", "5/100",
            "DeleteVolume", "5/100",
            "CreateTags", "10/100",
            "DeleteTags", "10/100");

    /** Attachment limits of the simulator's instance types that matter here (see its AttachmentLimits). */
    private static final Map<String, Integer> ATTACHMENT_LIMITS = Map.of(
            "m5.large", 27, "m7i.large", 32, "m7i.16xlarge", 48, "m7i.48xlarge", 128, "c7a.48xlarge", 128, "m4.large", 39);

    static EbsBenchmarkOptions parse(String[] args) {
        int volumes = 200;
        Duration available = Duration.ofSeconds(1);
        Duration attached = Duration.ofSeconds(2);
        boolean throttle = true;
        Optional<Integer> instances = Optional.empty();
        String instanceType = "m7i.48xlarge";
        long sizeGiB = 10;
        int warmup = 3;
        Map<String, String> knobs = new LinkedHashMap<>();
        List<String> backendOptions = new ArrayList<>();
        Optional<Path> workDir = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--volumes" -> volumes = positive(arg, value(args, ++i, arg));
                case "--available-delay" -> available = Knobs.parseDuration(arg, value(args, ++i, arg));
                case "--attached-delay" -> attached = Knobs.parseDuration(arg, value(args, ++i, arg));
                case "--no-throttle" -> throttle = false;
                case "--instances" -> instances = Optional.of(positive(arg, value(args, ++i, arg)));
                case "--instance-type" -> instanceType = value(args, ++i, arg);
                case "--size-gib" -> sizeGiB = positive(arg, value(args, ++i, arg));
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
        return new EbsBenchmarkOptions(volumes, available, attached, throttle, instances, instanceType, sizeGiB, warmup, knobs,
                backendOptions, workDir);
    }

    /**
     * The driver hands out about 100 device names per instance ({@code /dev/xvdaa}…{@code /dev/xvddx}),
     * fewer than the largest types' attachment limit.
     */
    static final int DEVICE_NAMES = 100;

    /** The instances to spread the volumes over: as asked, else as few as attachment limit and device names allow. */
    int instanceCount() {
        return instances.orElseGet(() -> {
            int perInstance = Math.min(attachmentLimit(), DEVICE_NAMES);
            return Math.max(1, (volumes + perInstance - 1) / perInstance);
        });
    }

    int attachmentLimit() {
        return ATTACHMENT_LIMITS.getOrDefault(instanceType, 27);
    }

    /** The knobs of the timed run: delays, EC2's buckets unless turned off, then the user's own. */
    Map<String, String> runKnobs() {
        Map<String, String> knobs = new LinkedHashMap<>();
        knobs.put("delay.volume.available", availableDelay.toMillis() + "ms");
        knobs.put("delay.volume.attached", attachedDelay.toMillis() + "ms");
        if (throttle) {
            EC2_BUCKETS.forEach((bucket, spec) -> knobs.put("throttle.ec2." + bucket, spec));
        }
        knobs.putAll(extraKnobs);
        return knobs;
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
}
