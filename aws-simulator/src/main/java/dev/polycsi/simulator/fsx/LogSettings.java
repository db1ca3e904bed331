package dev.polycsi.simulator.fsx;

import java.util.Optional;

/** Lustre logging to CloudWatch: DISABLED unless asked for, then to a log group under {@code /aws/fsx}. */
record LogSettings(String level, Optional<String> destination) {

    static final LogSettings DISABLED = new LogSettings("DISABLED", Optional.empty());
}
