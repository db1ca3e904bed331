package dev.polycsi.core.conformance;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.operation.LongOperation;
import dev.polycsi.spi.operation.LongOperations;
import dev.polycsi.spi.operation.Progress;
import java.util.ArrayList;
import java.util.List;

/**
 * The core's waiters reduced to one step per call, without threads or pauses: each await checks
 * once (and after starting what is absent, once more), and answers as the core would if the
 * call's deadline came right then: the result, the failure after discarding, or ABORTED with the
 * state. Each call builds its own operation, as after the core's waiter has gone; the core's own
 * tests cover the waiting and the joining. For a backend's unit tests of its LongOperations.
 */
public final class StepOperations implements LongOperations {

    /** The keys of the operations started, in order. */
    public final List<String> started = new ArrayList<>();
    /** The keys of the failures discarded, in order. */
    public final List<String> discarded = new ArrayList<>();

    @Override
    public synchronized <T> T await(String key, LongOperation<T> operation, Deadline deadline) {
        Progress<T> progress = operation.check();
        if (progress instanceof Progress.Absent<T>) {
            started.add(key);
            operation.start();
            progress = operation.check();
        }
        return switch (progress) {
            case Progress.Done<T> done -> done.value();
            case Progress.Failed<T> failed -> {
                discarded.add(key);
                operation.discard(failed);
                throw operation.failure(failed);
            }
            case Progress.Pending<T> pending -> throw CsiException.aborted("%s is %s", operation.description(), pending.state());
            case Progress.Absent<T> absent -> throw CsiException.aborted("%s is absent after its start", operation.description());
        };
    }
}
