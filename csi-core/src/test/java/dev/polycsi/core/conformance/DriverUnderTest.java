package dev.polycsi.core.conformance;

import java.nio.file.Path;

/** A driver started for {@link CsiConformanceSuite}: where it serves CSI, and how to stop it. */
@SuppressWarnings("try") // close() may throw InterruptedException: it waits for the driver to stop
public interface DriverUnderTest extends AutoCloseable {

    /** The unix socket the driver serves CSI on. */
    Path socket();

    /** False once the driver can no longer become ready (its process exited, its backend failed to start). */
    default boolean running() {
        return true;
    }

    /** What helps to understand a failure, e.g. the tail of the driver's log; printed when a test fails. */
    default String diagnostics() {
        return "";
    }

    /** Stops the driver; may fail the run (e.g. when the driver did not exit cleanly). */
    @Override
    void close() throws Exception;
}
