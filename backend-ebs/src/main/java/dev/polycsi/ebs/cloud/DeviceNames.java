package dev.polycsi.ebs.cloud;

import dev.polycsi.spi.CsiException.Code;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hands out device names for attachments, per instance, as the EBS CSI driver does: the first
 * name from {@code /dev/xvdaa} on that neither EC2 reports in use, nor an attach still in flight
 * from this process holds, nor EC2 recently refused as "already in use" (EC2's view can lag
 * behind a detach, so such a name is avoided for an hour).
 *
 * <p>Names run {@code /dev/xvdaa}…{@code /dev/xvdcz}, {@code /dev/xvdda}…{@code /dev/xvddx}: EC2
 * rejects later two-letter names on Linux instances, which is where the official driver's list
 * effectively ends too.
 */
final class DeviceNames {

    static final List<String> ALL = names();
    static final Duration LIKELY_BAD_FOR = Duration.ofHours(1);

    private final Clock clock;
    private final Map<String, Set<String>> inFlight = new HashMap<>();
    private final Map<String, Instant> likelyBad = new HashMap<>();

    DeviceNames(Clock clock) {
        this.clock = clock;
    }

    /** Reserves a free name on the instance until {@link #release}; none left → RESOURCE_EXHAUSTED. */
    synchronized String reserve(String instanceId, Set<String> inUse) {
        Set<String> held = inFlight.computeIfAbsent(instanceId, k -> new HashSet<>());
        Instant now = clock.instant();
        likelyBad.values().removeIf(until -> until.isBefore(now));
        for (String name : ALL) {
            if (!inUse.contains(name) && !held.contains(name) && !likelyBad.containsKey(key(instanceId, name))) {
                held.add(name);
                return name;
            }
        }
        throw new EbsCloudException(Code.RESOURCE_EXHAUSTED, "", "no free device name on instance " + instanceId, null);
    }

    synchronized void release(String instanceId, String name) {
        Set<String> held = inFlight.get(instanceId);
        if (held != null) {
            held.remove(name);
            if (held.isEmpty()) {
                inFlight.remove(instanceId);
            }
        }
    }

    /** EC2 said the name is taken on this instance although we did not see it: skip it for an hour. */
    synchronized void markLikelyBad(String instanceId, String name) {
        likelyBad.put(key(instanceId, name), clock.instant().plus(LIKELY_BAD_FOR));
    }

    synchronized Set<String> inFlight(String instanceId) {
        return Set.copyOf(inFlight.getOrDefault(instanceId, Collections.emptySet()));
    }

    private static String key(String instanceId, String name) {
        return instanceId + " " + name;
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (char first = 'a'; first <= 'd'; first++) {
            char lastSecond = first == 'd' ? 'x' : 'z';
            for (char second = 'a'; second <= lastSecond; second++) {
                names.add("/dev/xvd" + first + second);
            }
        }
        return List.copyOf(names);
    }
}
