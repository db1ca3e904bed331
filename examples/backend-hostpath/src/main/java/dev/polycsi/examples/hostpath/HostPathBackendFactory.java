package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The entry point of the hostpath backend: volumes are directories under a base path on the
 * node. The driver finds this class through
 * {@code META-INF/services/dev.polycsi.spi.BackendFactory}; it is the only public class of the
 * plugin, because the driver needs nothing else.
 *
 * <p>Volume sizes are recorded and counted against {@code capacity}, but not enforced: a pod
 * can write beyond its volume's size, up to the free space of the filesystem holding
 * {@code root}. Snapshots are full copies and are not counted.
 */
public final class HostPathBackendFactory implements BackendFactory {

    static final Parameter<String> ROOT = Parameter.matching("root",
            "Base directory of volumes and snapshots. The controller and node services must both see it.",
            "/.*", "an absolute path")
            .withDefault("/var/lib/polycsi/hostpath");

    static final Parameter<Long> CAPACITY = Parameter.integer("capacity",
            "Bytes that all volumes together may claim (default 100 GiB); reported by GetCapacity. Recorded, not enforced on writes.",
            1, Long.MAX_VALUE)
            .withDefault(100L << 30);

    static final Parameter<Duration> CREATION_DELAY = Parameter.custom("creation-delay", "duration",
            "How long a new volume stays CREATING before it is ready, to try out creations that take minutes as in a cloud:"
                    + " CreateVolume answers ABORTED until then and the retry picks the volume up. 0: made within CreateVolume.",
            "an ISO-8601 duration (PT30S) or a number with ms, s, m or h (30s)", HostPathBackendFactory::duration)
            .withDefault(Duration.ZERO);

    static final Parameter<Long> FAILING_CREATIONS = Parameter.integer("failing-creations",
            "How many creations end FAILED, for testing: the first ones this process finishes. Each is reported, deleted,"
                    + " and the next CreateVolume starts afresh. Turns on slow creations, with no delay unless creation-delay is set.",
            0, Long.MAX_VALUE)
            .withDefault(0L);

    private static final ParameterSchema OPTIONS = ParameterSchema.builder()
            .add(ROOT)
            .add(CAPACITY)
            .add(CREATION_DELAY)
            .add(FAILING_CREATIONS)
            .build();

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    /** ServiceLoader needs a public constructor without arguments. */
    public HostPathBackendFactory() {
    }

    @Override
    public String name() {
        return "hostpath";
    }

    @Override
    public String description() {
        return "Directories on the node as volumes, for single-node clusters, development and tests";
    }

    @Override
    public ParameterSchema options() {
        return OPTIONS;
    }

    @Override
    public ParameterSchema volumeParameters() {
        return DirectorySettings.SCHEMA;
    }

    // snapshotParameters() and mutableParameters() keep their empty defaults: there are none.

    @Override
    public Backend create(BackendContext context) {
        Parameters options = context.options();
        SlowCreations slow = new SlowCreations(options.get(CREATION_DELAY), options.get(FAILING_CREATIONS), Clock.systemUTC());
        return new HostPathBackend(Path.of(options.get(ROOT)), options.get(CAPACITY), context.nodeId(), context.mounter(),
                slow, context.operations());
    }

    /** "30s", "500ms", "2m", "1h", "0", or ISO-8601 ("PT30S"); never negative. */
    static Duration duration(String text) {
        String value = text.trim();
        Duration parsed;
        Matcher shortForm = SHORT_DURATION.matcher(value);
        if (value.equals("0")) {
            parsed = Duration.ZERO;
        } else if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            parsed = switch (shortForm.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } else {
            try {
                parsed = Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a duration");
            }
        }
        if (parsed.isNegative()) {
            throw new IllegalArgumentException("negative");
        }
        return parsed;
    }
}
