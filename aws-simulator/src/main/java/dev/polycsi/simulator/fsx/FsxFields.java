package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.json.JsonRequest;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Member checks from the FSx model (enumerations, patterns, ranges), each a BadRequest naming the
 * member, as FSx answers a request that breaks its model's constraints.
 */
final class FsxFields {

    static final Pattern WEEKLY_TIME = Pattern.compile("[1-7]:([01]\\d|2[0-3]):?([0-5]\\d)");
    static final Pattern DAILY_TIME = Pattern.compile("([01]\\d|2[0-3]):?([0-5]\\d)");

    private FsxFields() {
    }

    /** The request body, whose malformed members are FSx's BadRequest. */
    static JsonRequest request(byte[] body) {
        return JsonRequest.parse(body, message -> FsxError.badRequest("%s", message));
    }

    static Optional<String> oneOf(JsonRequest request, String member, List<String> allowed) {
        return request.string(member).map(value -> {
            if (!allowed.contains(value)) {
                throw FsxError.badRequest("Invalid value '%s' for %s. Valid values: %s.", value, member, String.join(", ", allowed));
            }
            return value;
        });
    }

    static <E extends Enum<E>> Optional<E> enumValue(JsonRequest request, String member, Class<E> type, List<String> allowed) {
        return oneOf(request, member, allowed).map(value -> Enum.valueOf(type, value));
    }

    static Optional<String> matching(JsonRequest request, String member, Pattern pattern, String form) {
        return request.string(member).map(value -> {
            if (!pattern.matcher(value).matches()) {
                throw FsxError.badRequest("%s '%s' is not in the form %s.", member, value, form);
            }
            return value;
        });
    }

    static Optional<Integer> intInRange(JsonRequest request, String member, int min, int max) {
        return request.integer(member).map(value -> {
            if (value < min || value > max) {
                throw FsxError.badRequest("%s must be between %d and %d, not %d.", member, min, max, value);
            }
            return value.intValue();
        });
    }
}
