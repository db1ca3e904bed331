package dev.polycsi.filecache.controller;

import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.time.Duration;
import java.util.Objects;

/**
 * The controller's options ({@code --backend-option filecache.<name>=<value>}), as FSx for
 * Lustre's.
 *
 * @param firstPoll how long after a cache's creation starts it is first checked; the pause then
 *                  grows by half each time
 */
public record ControllerOptions(Duration firstPoll) {

    static final Duration DEFAULT_FIRST_POLL = Duration.ofSeconds(5);

    public static final Parameter<Long> FIRST_POLL = Parameter.integer("first-poll-seconds",
            "Controller: how long after starting a cache's creation the controller first looks at it; the pause then grows by "
                    + "half each time, up to 30 s. A cache takes minutes, so looking sooner only costs calls; a simulator whose "
                    + "caches are ready at once is the reason to lower it.", 1, 300)
            .withDefault(DEFAULT_FIRST_POLL.toSeconds());

    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .add(FIRST_POLL)
            .build();

    public ControllerOptions {
        Objects.requireNonNull(firstPoll, "firstPoll");
        if (firstPoll.isNegative() || firstPoll.isZero()) {
            throw new IllegalArgumentException("the first poll must be after a positive pause: " + firstPoll);
        }
    }

    /** The options out of the backend's parsed options, whose schema holds {@link #SCHEMA}'s parameters. */
    public static ControllerOptions from(Parameters options) {
        return new ControllerOptions(Duration.ofSeconds(options.get(FIRST_POLL)));
    }
}
