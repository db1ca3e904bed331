package dev.polycsi.fsx.support;

import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.time.Duration;
import java.util.Objects;

/**
 * The controller option every FSx backend has ({@code --backend-option <backend>.first-poll-seconds=N}):
 * FSx takes minutes to create, grow or back up, so there is no point in looking every second,
 * except on a simulator whose resources are ready at once.
 *
 * @param firstPoll how long after starting a creation, update or backup the controller first
 *                  looks at it; the pause then grows by half each time, up to 30 s
 */
public record PollOptions(Duration firstPoll) {

    public static final Duration DEFAULT_FIRST_POLL = Duration.ofSeconds(5);

    public static final Parameter<Long> FIRST_POLL = firstPoll(
            "Controller: how long after starting a creation, update or backup in FSx the controller first looks at it; the "
                    + "pause then grows by half each time, up to 30 s. FSx takes minutes, so looking sooner only costs calls; a "
                    + "simulator whose resources are ready at once is the reason to lower it.");

    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .add(FIRST_POLL)
            .build();

    public static final PollOptions DEFAULTS = new PollOptions(DEFAULT_FIRST_POLL);

    /**
     * {@link #FIRST_POLL} (same key, range and default, so {@link #from} reads it) described as a
     * backend's options say it, naming what its controller polls.
     */
    public static Parameter<Long> firstPoll(String description) {
        return Parameter.integer("first-poll-seconds", description, 1, 300).withDefault(DEFAULT_FIRST_POLL.toSeconds());
    }

    public PollOptions {
        Objects.requireNonNull(firstPoll, "firstPoll");
        if (firstPoll.isNegative() || firstPoll.isZero()) {
            throw new IllegalArgumentException("the first poll must be after a positive pause: " + firstPoll);
        }
    }

    /** The options out of the backend's parsed options, whose schema holds {@link #FIRST_POLL}. */
    public static PollOptions from(Parameters options) {
        return new PollOptions(Duration.ofSeconds(options.get(FIRST_POLL)));
    }
}
