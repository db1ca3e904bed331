package dev.polycsi.reliability.controller;

import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Issue 15, point 1: the controller killed with SIGKILL at random moments while sidecars drive
 * a mixed workload on every built-in backend, then the simulator's inventory must hold every
 * volume, snapshot, access point, file system, cache, backup and attachment that should exist
 * exactly once, and nothing that was deleted. Prints its figures; exits 1 if it found anything.
 * Run by benchmarks/crash-controller.sh.
 */
public final class ControllerCrashCampaign {

    private static final String USAGE = """
            usage: crash-controller.sh [options]
              --kills N             SIGKILLs of the controller (default 100)
              --lanes N             parallel workload lanes per backend (default 2)
              --max-uptime-ms MS    longest a ready controller lives before the next kill (default 3000)
              --backends A,B        backends to drive (default ebs,efs,fsx-lustre,filecache,fsx-ontap)
              --call-deadline-s S   each CSI call's deadline, the sidecars' --timeout (default 5)
              --knob KEY=VALUE      a further simulator knob; repeatable
              --seed N              of the random kill moments (default: the time)
              --work DIR            where the simulator and controller work (default: a new temporary directory)
            """;

    private ControllerCrashCampaign() {
    }

    public static void main(String[] args) throws Exception {
        CampaignSettings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        System.out.printf("controller crashes: %d kills, %d lanes per backend on %s, seed %d, work %s%n", settings.kills(),
                settings.lanesPerBackend(), settings.backends(), settings.seed(), settings.workDir());
        CampaignResult result = new Campaign(settings, System.out).run();
        result.print(System.out);
        System.exit(result.clean() ? 0 : 1);
    }

    /** The campaign's settings: every backend, the simulator's short transitions, no fault knob. */
    public static CampaignSettings settings(Path workDir, int kills, int lanes, Duration maxUptime, long seed) {
        return new CampaignSettings("controller crashes", workDir, CampaignSettings.ALL_BACKENDS, lanes, 1, kills, maxUptime,
                Duration.ofSeconds(5), Duration.ofMinutes(3), CampaignSettings.TRANSITIONS, CampaignSettings.Pulse.NONE,
                Set.<Status.Code>of(), seed);
    }

    static CampaignSettings parse(String[] args) throws Exception {
        int kills = 100;
        int lanes = 2;
        long maxUptime = 3000;
        List<String> backends = CampaignSettings.ALL_BACKENDS;
        long deadline = 5;
        List<String> knobs = new ArrayList<>(CampaignSettings.TRANSITIONS);
        long seed = System.currentTimeMillis();
        Path work = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                System.out.print(USAGE);
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing a value after " + arg);
            }
            String value = args[++i];
            switch (arg) {
                case "--kills" -> kills = Integer.parseInt(value);
                case "--lanes" -> lanes = Integer.parseInt(value);
                case "--max-uptime-ms" -> maxUptime = Long.parseLong(value);
                case "--backends" -> backends = List.of(value.split(","));
                case "--call-deadline-s" -> deadline = Long.parseLong(value);
                case "--knob" -> knobs.add(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--work" -> work = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        backends.forEach(Scenario::of);
        Path dir = work != null ? work : Files.createTempDirectory("polycsi-crash-controller-");
        return new CampaignSettings("controller crashes", dir, backends, lanes, 1, kills, Duration.ofMillis(maxUptime),
                Duration.ofSeconds(deadline), Duration.ofMinutes(3), List.copyOf(knobs), CampaignSettings.Pulse.NONE, Set.of(), seed);
    }
}
