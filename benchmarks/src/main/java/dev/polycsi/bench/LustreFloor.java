package dev.polycsi.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * What an ideal client would achieve on the simulator under the same delays, latency and token
 * bucket: it sends every file system's CreateFileSystem at once, timed so that each arrives when
 * the CreateFileSystem bucket has a token (after the call's latency, which the simulator waits
 * before it meters the call), never describes anything, and learns the instant each file system
 * is AVAILABLE, {@code delay.fsx.filesystem.available} after FSx accepted it. Nothing can finish
 * sooner on this simulator, so a measured run divided by this floor is what the driver and the
 * CO's retries add.
 *
 * @param createdAt   seconds from the start when each CreateFileSystem is accepted
 * @param availableAt seconds from the start when each file system is AVAILABLE (its CreateVolume could return)
 */
record LustreFloor(double[] createdAt, double[] availableAt) {

    /**
     * @param latency the simulator's latency of one CreateFileSystem
     * @param bucket  the bucket CreateFileSystem draws on, empty when unthrottled
     */
    static LustreFloor compute(int fileSystems, Duration latency, Optional<EbsFloor.Bucket> bucket, Duration available) {
        double[] ready = new double[fileSystems];
        Arrays.fill(ready, EbsFloor.seconds(latency));
        double[] created = EbsFloor.schedule(ready, bucket);
        double[] done = Arrays.stream(created).map(t -> t + EbsFloor.seconds(available)).toArray();
        return new LustreFloor(created, done);
    }

    double total() {
        return Arrays.stream(availableAt).max().orElse(0);
    }

    double meanCompletion() {
        return Arrays.stream(availableAt).average().orElse(0);
    }
}
