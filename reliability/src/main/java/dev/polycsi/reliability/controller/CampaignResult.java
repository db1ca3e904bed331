package dev.polycsi.reliability.controller;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's figures: crashes, CSI operations and calls, the AWS calls the driver made (from the
 * simulator's counters: calls, of which answered with an error, and throttled), how long it took,
 * and what the checks found.
 */
public record CampaignResult(String name, int kills, int lives, long operations, long calls, long retries, Map<String, Long> codes,
        Map<String, Long> operationsByName, long awsCalls, long awsErrors, long awsThrottled, long awsDropped, Duration time, Verdict verdict,
        List<String> wrongCodes, List<String> hangs, int cyclesDone) {

    /** Nothing leaked, nothing duplicated or missing, no wrong code, no hang. */
    public boolean clean() {
        return verdict.clean() && wrongCodes.isEmpty() && hangs.isEmpty();
    }

    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "%s: %d crashes (%d controller lives), %d operations in %d cycles, %d CSI calls (%d retries), "
                        + "%d AWS calls (%d errors, %d throttled, %d answers dropped), %.1f s%n",
                name, kills, lives, operations, cyclesDone, calls, retries, awsCalls, awsErrors, awsThrottled, awsDropped, time.toMillis() / 1000.0);
        out.printf(Locale.ROOT, "  operations: %s%n", operationsByName);
        out.printf(Locale.ROOT, "  answers: %s%n", codes);
        out.printf(Locale.ROOT, "  leaks %d, duplicates %d, missing %d, wrong codes %d, hangs %d%n", verdict.leaks().size(),
                verdict.duplicates().size(), verdict.missing().size(), wrongCodes.size(), hangs.size());
        verdict.leaks().forEach(line -> out.println("  LEAK " + line));
        verdict.duplicates().forEach(line -> out.println("  DUPLICATE " + line));
        verdict.missing().forEach(line -> out.println("  MISSING " + line));
        wrongCodes.stream().limit(30).forEach(line -> out.println("  WRONG CODE " + line));
        if (wrongCodes.size() > 30) {
            out.println("  … " + (wrongCodes.size() - 30) + " more wrong codes");
        }
        hangs.forEach(line -> out.println("  HANG " + line));
    }

    /** Problems found, for an assertion message. */
    public String problems() {
        StringBuilder text = new StringBuilder();
        verdict.leaks().forEach(line -> text.append("\nLEAK ").append(line));
        verdict.duplicates().forEach(line -> text.append("\nDUPLICATE ").append(line));
        verdict.missing().forEach(line -> text.append("\nMISSING ").append(line));
        wrongCodes.forEach(line -> text.append("\nWRONG CODE ").append(line));
        hangs.forEach(line -> text.append("\nHANG ").append(line));
        return text.toString();
    }
}
