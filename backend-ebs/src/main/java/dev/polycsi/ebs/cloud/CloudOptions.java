package dev.polycsi.ebs.cloud;

import java.time.Duration;

/**
 * How the backend talks to EC2.
 *
 * @param batching     batch concurrent Describe calls (DescribeVolumes, DescribeInstances, …) into one request per window
 * @param batchWindow  how long a batch waits for more requests before it goes out (0.5 s, as the official driver)
 * @param modifyWindow how long resize and modify requests for one volume wait to be merged (2 s, as the official driver)
 */
public record CloudOptions(boolean batching, Duration batchWindow, Duration modifyWindow) {

    public static final CloudOptions DEFAULT = new CloudOptions(true, Duration.ofMillis(500), Duration.ofSeconds(2));
}
