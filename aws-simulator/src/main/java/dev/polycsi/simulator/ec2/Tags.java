package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.http.AwsError;
import java.util.LinkedHashMap;
import java.util.Map;

/** EC2's tag rules: at most 50 per resource, keys 1–128 characters outside the reserved {@code aws:} prefix, values up to 256. */
final class Tags {

    static final int MAX_PER_RESOURCE = 50;

    private Tags() {
    }

    static Map<String, String> validated(Map<String, String> tags) {
        tags.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > 128) {
                throw Ec2Errors.invalidParameterValue("Tag key must be between 1 and 128 characters long: '%s'", key);
            }
            if (key.toLowerCase().startsWith("aws:")) {
                throw Ec2Errors.invalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
            }
            if (value.length() > 256) {
                throw Ec2Errors.invalidParameterValue("Tag value for key '%s' exceeds 256 characters", key);
            }
        });
        requireWithinLimit(tags);
        return tags;
    }

    /** What {@code existing} becomes with {@code added}; refused beyond the per-resource limit. */
    static Map<String, String> merged(Map<String, String> existing, Map<String, String> added) {
        Map<String, String> merged = new LinkedHashMap<>(existing);
        merged.putAll(added);
        requireWithinLimit(merged);
        return merged;
    }

    private static void requireWithinLimit(Map<String, String> tags) {
        if (tags.size() > MAX_PER_RESOURCE) {
            throw AwsError.badRequest("TagLimitExceeded",
                    "The maximum number of tags per resource is %d; the request would leave %d.", MAX_PER_RESOURCE, tags.size());
        }
    }
}
