package dev.polycsi.bench;

import dev.polycsi.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The command line of {@link ControllerFootprintBenchmark}: its own options, and the EBS
 * benchmark's workload options ({@link EbsBenchmarkOptions}), parsed by that class with the same
 * defaults except the instance type, which a separate simulator process cannot set.
 */
record ControllerBenchmarkOptions(
        Path repo,
        Path jar,
        Path java,
        List<String> variants,
        Map<String, String> customVariants,
        int runs,
        boolean nmt,
        long idleMillis,
        long sampleMillis,
        Optional<Path> aotDir,
        List<String> extraControllerArgs,
        EbsBenchmarkOptions workload) {

    static final List<String> VARIANTS = List.of("shipped", "no-aot");
    private static final Pattern CUSTOM = Pattern.compile("[a-z0-9][a-z0-9.+-]*=.*");

    static final String USAGE = """
            usage: ControllerFootprintBenchmark [options] [NAME=FLAGS ...] [-- polycsi controller arguments]
              NAME=FLAGS              one more variant: FLAGS in place of controller.yaml's JDK_JAVA_OPTIONS;
                                      -XX:AOTCache=ANY names the trained cache; leading VAR=VALUE words
                                      go to the environment (e.g. 'a2=MALLOC_ARENA_MAX=2 -Xmx64m ...')
              --repo DIR              the repository, for deploy/ (default .)
              --jar FILE              polycsi.jar (default launcher/target/polycsi.jar)
              --java FILE             the java to run polycsi with (default: this JVM's)
              --variants A,B          of shipped (controller.yaml's flags and a trained AOT cache) and
                                      no-aot (the same flags without the cache); default both
              --runs N                plain runs per variant (default 1)
              --no-nmt                no extra run with -XX:NativeMemoryTracking=summary per variant
              --idle-ms N             idle time after ready before the idle figure (default 3000)
              --sample-ms N           RSS sampling period (default 100)
              --aot-dir DIR           use DIR/controller.aot if it exists, else train it there
                                      (default: trained into the work dir)
            the EBS workload, as benchmarks/ebs.sh takes it:
              --volumes N             volumes to provision at once (default 200)
              --available-delay D     simulated time from CreateVolume to available (default 1s)
              --attached-delay D      simulated time from AttachVolume to attached (default 2s)
              --no-throttle           no EC2 token buckets (default: EC2's default account limits)
              --instances K           instances to publish to (default: as few as take the volumes, at
                                      most 27 each: a separate simulator's instances are all m5.large)
              --size-gib N            volume size (default 10)
              --warmup N              volumes per instance provisioned and removed before the timed run (default 3)
              --knob KEY=VALUE        any further simulator knob for the timed run
              --option BACKEND.KEY=V  a driver option, passed as --backend-option (not as shipped)
              --work-dir DIR          where sockets, logs and the simulator's data go (default: a new temp
                                      dir, removed at the end)
            """;

    static ControllerBenchmarkOptions parse(String[] args) {
        Path repo = Path.of(".");
        Path jar = null;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> variants = VARIANTS;
        boolean variantsGiven = false;
        Map<String, String> custom = new LinkedHashMap<>();
        int runs = 1;
        boolean nmt = true;
        long idle = 3000;
        long sample = 100;
        Optional<Path> aotDir = Optional.empty();
        List<String> extra = new ArrayList<>();
        // The separate simulator's instances are all of its default type; the EBS options size the
        // instance count from it.
        List<String> workload = new ArrayList<>(List.of("--instance-type", SimulatorConfig.DEFAULT_INSTANCE_TYPE));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--repo" -> repo = Path.of(value(args, ++i, arg));
                case "--jar" -> jar = Path.of(value(args, ++i, arg));
                case "--java" -> java = Path.of(value(args, ++i, arg));
                case "--variants" -> {
                    variantsGiven = true;
                    variants = List.of(value(args, ++i, arg).split(","));
                    for (String v : variants) {
                        if (!VARIANTS.contains(v)) {
                            throw new IllegalArgumentException("--variants: '" + v + "' is not one of " + VARIANTS);
                        }
                    }
                }
                case "--runs" -> runs = Integer.parseInt(value(args, ++i, arg));
                case "--no-nmt" -> nmt = false;
                case "--idle-ms" -> idle = Long.parseLong(value(args, ++i, arg));
                case "--sample-ms" -> sample = Math.max(10, Long.parseLong(value(args, ++i, arg)));
                case "--aot-dir" -> aotDir = Optional.of(Path.of(value(args, ++i, arg)).toAbsolutePath());
                case "--instance-type" -> throw new IllegalArgumentException(
                        "--instance-type: a separate 'polycsi simulator' has only " + SimulatorConfig.DEFAULT_INSTANCE_TYPE + " instances");
                case "--" -> {
                    extra.addAll(List.of(args).subList(i + 1, args.length));
                    i = args.length;
                }
                case "-h", "--help" -> throw new IllegalArgumentException("");
                default -> {
                    if (CUSTOM.matcher(arg).matches()) {
                        String name = arg.substring(0, arg.indexOf('='));
                        if (VARIANTS.contains(name) || custom.put(name, arg.substring(name.length() + 1)) != null) {
                            throw new IllegalArgumentException("variant '" + name + "' given twice");
                        }
                        continue;
                    }
                    workload.add(arg);
                    // the EBS options' values, whatever they are
                    if (arg.startsWith("--") && !arg.equals("--no-throttle") && i + 1 < args.length) {
                        workload.add(args[++i]);
                    }
                }
            }
        }
        if (runs < 0) {
            throw new IllegalArgumentException("--runs must not be negative");
        }
        if (!custom.isEmpty()) {
            // NAME=FLAGS variants run after the built-in ones, interleaved run by run; --variants
            // picks the built-in ones (none unless given)
            List<String> all = new ArrayList<>(variantsGiven ? variants : List.of());
            all.addAll(custom.keySet());
            variants = List.copyOf(all);
        }
        EbsBenchmarkOptions ebs = EbsBenchmarkOptions.parse(workload.toArray(String[]::new));
        repo = repo.toAbsolutePath().normalize();
        return new ControllerBenchmarkOptions(repo, (jar == null ? repo.resolve("launcher/target/polycsi.jar") : jar).toAbsolutePath(),
                java, variants, Map.copyOf(custom), runs, nmt, idle, sample, aotDir, List.copyOf(extra), ebs);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
