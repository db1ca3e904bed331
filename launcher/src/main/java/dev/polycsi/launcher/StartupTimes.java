package dev.polycsi.launcher;

/**
 * When each step of a driver's start-up ended, by {@link System#nanoTime()}: logged with the
 * "listening" line, so that a slow start on some node says where its time went.
 */
record StartupTimes(long main, long parsed, long logging) {

    /** The steps after {@code logging} ended at {@code wired} and {@code bound}. */
    String describe(long wired, long bound) {
        return "arguments %d ms, logging %d ms, wiring %d ms, server %d ms".formatted(
                millis(main, parsed), millis(parsed, logging), millis(logging, wired), millis(wired, bound));
    }

    static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
