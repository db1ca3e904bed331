package dev.polycsi.core.mount;

import java.time.Duration;
import java.util.List;

/**
 * Runs one external command, as an argument list and never through a shell. A command that
 * overruns {@code timeout} is killed and reported as a DEADLINE_EXCEEDED
 * {@link dev.polycsi.spi.CsiException}; a non-zero exit is a result, for the caller to judge.
 */
@FunctionalInterface
public interface CommandRunner {

    CommandResult run(List<String> command, Duration timeout);
}
