package dev.polycsi.fsx.support;

import dev.polycsi.spi.CsiException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * FSx's tag rules, and the StorageClass's {@code extraTags} ({@code k=v,k2=v2}) read as the
 * official FSx drivers read it.
 */
public final class FsxTags {

    /** The tag the official FSx drivers put the PV name in, to find a volume's resource again by name. */
    public static final String VOLUME_NAME_TAG = "CSIVolumeName";
    /** FSx's limits: tags per resource, key and value length. */
    public static final int MAX_TAGS = 50;
    public static final int MAX_KEY_LENGTH = 128;
    public static final int MAX_VALUE_LENGTH = 256;
    /** The characters FSx allows in tag keys and values. */
    private static final Pattern CHARACTERS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    /** For parameter docs. */
    public static final String ALLOWED = "key=value pairs separated by commas; keys 1 to 128 and values up to 256 of letters, digits, "
            + "spaces and _.:/+-@; no '=' or ',' inside a key or value; not CSIVolumeName or aws:*";

    private FsxTags() {
    }

    /**
     * Tags from {@code extraTags}, in the order given. As in the official drivers the text is
     * split at every ',' and each part at '=', which must occur exactly once; nothing is trimmed.
     * An empty text is no tags. {@code driverKeys} are the tags the driver adds itself
     * ({@link #VOLUME_NAME_TAG} and any of the backend's own): they cannot be given, and count
     * against FSx's limit of 50 per resource.
     *
     * @param resource what is tagged, for messages, e.g. "file system"
     * @throws IllegalArgumentException saying what is wrong, for the parameter's parser to report
     */
    public static Map<String, String> parseExtraTags(String text, Set<String> driverKeys, String resource) {
        if (text.isEmpty()) {
            return Map.of();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (String pair : text.split(",", -1)) {
            String[] parts = pair.split("=", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("'" + pair + "' is not one key=value");
            }
            String key = parts[0];
            String value = parts[1];
            checkKey(key, driverKeys);
            if (value.codePointCount(0, value.length()) > MAX_VALUE_LENGTH || !CHARACTERS.matcher(value).matches()) {
                throw new IllegalArgumentException("the value of tag '" + key + "' is longer than 256 characters or has characters FSx refuses");
            }
            if (tags.put(key, value) != null) {
                throw new IllegalArgumentException("tag '" + key + "' is given twice");
            }
        }
        if (tags.size() > MAX_TAGS - driverKeys.size()) {
            throw new IllegalArgumentException("%d tags, but FSx allows %d per %s and the driver adds %s"
                    .formatted(tags.size(), MAX_TAGS, resource, String.join(", ", driverKeys)));
        }
        return Collections.unmodifiableMap(tags);
    }

    private static void checkKey(String key, Set<String> driverKeys) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a tag key is empty");
        }
        if (key.codePointCount(0, key.length()) > MAX_KEY_LENGTH || !CHARACTERS.matcher(key).matches()) {
            throw new IllegalArgumentException("tag key '" + key + "' is longer than 128 characters or has characters FSx refuses");
        }
        if (driverKeys.contains(key) || key.startsWith("aws:")) {
            throw new IllegalArgumentException("tag key '" + key + "' is reserved (" + String.join(", ", driverKeys)
                    + (driverKeys.size() == 1 ? " is" : " are") + " the driver's, aws:* is AWS's)");
        }
    }

    /**
     * Refuses (INVALID_ARGUMENT) a final tag set FSx would refuse; for the controller, after adding
     * its own tags.
     *
     * @param resource what is tagged, for messages, e.g. "volume"
     */
    public static void checkLimits(Map<String, String> tags, String resource) {
        if (tags.size() > MAX_TAGS) {
            throw CsiException.invalidArgument("%d tags, but FSx allows at most %d per %s (tags: %s)",
                    tags.size(), MAX_TAGS, resource, String.join(", ", tags.keySet()));
        }
        tags.forEach((key, value) -> {
            if (key.isEmpty() || key.codePointCount(0, key.length()) > MAX_KEY_LENGTH) {
                throw CsiException.invalidArgument("tag key '%s' must have 1 to %d characters", key, MAX_KEY_LENGTH);
            }
            if (value.codePointCount(0, value.length()) > MAX_VALUE_LENGTH) {
                throw CsiException.invalidArgument("the value of tag '%s' is longer than FSx's %d characters", key, MAX_VALUE_LENGTH);
            }
        });
    }
}
