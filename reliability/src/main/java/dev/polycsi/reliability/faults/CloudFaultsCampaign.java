package dev.polycsi.reliability.faults;

import dev.polycsi.reliability.controller.Campaign;
import dev.polycsi.reliability.controller.CampaignResult;
import dev.polycsi.reliability.controller.CampaignSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 15, point 3: the controller-crash campaign's workload under each cloud fault the
 * simulator's knobs make, and under a mix of them with kills, each on a fresh simulator; the
 * same invariants, and a table of figures. Run by benchmarks/cloud-faults.sh.
 */
public final class CloudFaultsCampaign {

    private static final String USAGE = """
            usage: cloud-faults.sh [options]
              --profile TEXT        run only the faults whose name contains TEXT; repeatable (default: all)
              --lanes N             parallel workload lanes per backend (default 2)
              --cycles N            cycles per lane (default 1)
              --backends A,B        backends to drive (default ebs,efs,fsx-lustre,filecache,fsx-ontap)
              --seed N              of the random kill moments and backoffs (default: the time)
              --work DIR            where the simulators and controllers work (default: a new temporary directory)
            """;

    private CloudFaultsCampaign() {
    }

    public static void main(String[] args) throws Exception {
        List<String> only = new ArrayList<>();
        int lanes = 2;
        int cycles = 1;
        List<String> backends = CampaignSettings.ALL_BACKENDS;
        long seed = System.currentTimeMillis();
        Path work = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-h") || args[i].equals("--help") || i + 1 >= args.length) {
                System.out.print(USAGE);
                System.exit(args[i].startsWith("-h") || args[i].equals("--help") ? 0 : 2);
            }
            String value = args[++i];
            switch (args[i - 1]) {
                case "--profile" -> only.add(value);
                case "--lanes" -> lanes = Integer.parseInt(value);
                case "--cycles" -> cycles = Integer.parseInt(value);
                case "--backends" -> backends = List.of(value.split(","));
                case "--seed" -> seed = Long.parseLong(value);
                case "--work" -> work = Path.of(value);
                default -> {
                    System.err.println("unknown option " + args[i - 1]);
                    System.err.print(USAGE);
                    System.exit(2);
                }
            }
        }
        Path root = work != null ? work : Files.createTempDirectory("polycsi-cloud-faults-");
        List<FaultProfile> profiles = FaultProfile.all().stream()
                .filter(p -> only.isEmpty() || only.stream().anyMatch(text -> p.name().contains(text))).toList();
        System.out.printf("cloud faults: %d profiles, %d lanes per backend on %s, %d cycles each, seed %d, work %s%n", profiles.size(), lanes,
                backends, cycles, seed, root);
        List<CampaignResult> results = new ArrayList<>();
        for (int i = 0; i < profiles.size(); i++) {
            CampaignResult result = new Campaign(settings(profiles.get(i), root.resolve("profile-" + i), backends, lanes, cycles, seed + i),
                    System.out).run();
            result.print(System.out);
            results.add(result);
        }
        table(results, System.out);
        System.exit(results.stream().allMatch(CampaignResult::clean) ? 0 : 1);
    }

    /** One fault's run: the crash campaign's transitions plus the fault's knobs, every backend. */
    public static CampaignSettings settings(FaultProfile profile, Path workDir, List<String> backends, int lanes, int cycles, long seed) {
        List<String> knobs = new ArrayList<>(CampaignSettings.TRANSITIONS);
        knobs.addAll(profile.knobs());
        return new CampaignSettings(profile.name(), workDir, backends, lanes, cycles, profile.kills(), Duration.ofSeconds(4),
                Duration.ofSeconds(5), Duration.ofMinutes(3), List.copyOf(knobs), profile.pulse(), profile.documented(), seed);
    }

    /** The figures as the markdown table of benchmarks/README.md. */
    static void table(List<CampaignResult> results, PrintStream out) {
        out.println();
        out.println("| Fault | Operations | CSI calls (retries) | AWS calls (errors, throttled, dropped) | Time | Leaks | Duplicates | Missing | Wrong codes | Hangs |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (CampaignResult r : results) {
            out.printf(Locale.ROOT, "| %s | %d | %d (%d) | %d (%d, %d, %d) | %.0f s | %d | %d | %d | %d | %d |%n", r.name(), r.operations(), r.calls(),
                    r.retries(), r.awsCalls(), r.awsErrors(), r.awsThrottled(), r.awsDropped(), r.time().toMillis() / 1000.0, r.verdict().leaks().size(),
                    r.verdict().duplicates().size(), r.verdict().missing().size(), r.wrongCodes().size(), r.hangs().size());
        }
    }
}
