package dev.polycsi.spi.operation;

/** Where a {@link LongOperation} stands. */
public sealed interface Progress<T> {

    /** Nothing there yet: the waiter calls {@link LongOperation#start()}. */
    record Absent<T>() implements Progress<T> {}

    /** Under way; {@code state} as the service names it, e.g. "CREATING". */
    record Pending<T>(String state) implements Progress<T> {}

    /** Finished; {@code value} is what the calls return. */
    record Done<T>(T value) implements Progress<T> {}

    /**
     * Ended in failure. {@code message} is the service's own (FSx's FailureDetails);
     * {@code resourceId} what {@link LongOperation#discard} removes, empty if nothing.
     */
    record Failed<T>(String resourceId, String message) implements Progress<T> {}

    static <T> Progress<T> absent() {
        return new Absent<>();
    }

    static <T> Progress<T> pending(String state) {
        return new Pending<>(state);
    }

    static <T> Progress<T> done(T value) {
        return new Done<>(value);
    }

    static <T> Progress<T> failed(String resourceId, String message) {
        return new Failed<>(resourceId, message);
    }
}
