package dev.polycsi.core.csi;

import dev.polycsi.spi.CsiException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one operation per volume at a time. A second call for a key that is busy is refused
 * with ABORTED at once (CSI: "operation pending for volume"); the caller retries later, by
 * which time the first call has usually made the second one a no-op.
 */
public final class InFlight {

    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    /** Claims {@code key}; close the returned guard (try-with-resources) to release it. */
    public Guard claim(String key, String rpc) {
        if (!busy.add(key)) {
            throw CsiException.aborted("an operation for '%s' is already in progress; %s will be retried", key, rpc);
        }
        return () -> busy.remove(key);
    }

    public int size() {
        return busy.size();
    }

    @FunctionalInterface
    public interface Guard extends AutoCloseable {
        @Override
        void close();
    }
}
