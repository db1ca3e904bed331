package dev.polycsi.filecache.params;

import dev.polycsi.spi.CsiException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tags of a cache: the StorageClass's {@code extraTags} ({@code k=v,k2=v2}, read as the official
 * driver reads it) and FSx's limits on the final set.
 */
public final class CacheTags {

    /** The tag the official driver puts the PV name in. */
    public static final String VOLUME_NAME_TAG = "CSIVolumeName";
    /** FSx's limits: tags per resource, key and value length. */
    public static final int MAX_TAGS = 50;
    static final int MAX_KEY_LENGTH = 128;
    static final int MAX_VALUE_LENGTH = 256;
    /** The characters FSx allows in tag keys and values. */
    private static final Pattern CHARACTERS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    static final String ALLOWED = "key=value pairs separated by commas; keys 1 to 128 and values up to 256 of letters, digits, "
            + "spaces and _.:/+-@; no '=' or ',' inside a key or value; not CSIVolumeName or aws:*";

    private CacheTags() {
    }

    /**
     * Tags from {@code extraTags}, in the order given. As in the official driver the text is
     * split at every ',' and each part at '=', which must occur exactly once; nothing is trimmed.
     * An empty text is no tags.
     */
    static Map<String, String> parse(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return Map.of();
        }
        for (String pair : text.split(",", -1)) {
            String[] parts = pair.split("=", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("'" + pair + "' is not one key=value");
            }
            String key = parts[0];
            String value = parts[1];
            checkKey(key);
            if (value.codePointCount(0, value.length()) > MAX_VALUE_LENGTH || !CHARACTERS.matcher(value).matches()) {
                throw new IllegalArgumentException("the value of tag '" + key + "' is longer than 256 characters or has characters FSx refuses");
            }
            if (tags.put(key, value) != null) {
                throw new IllegalArgumentException("tag '" + key + "' is given twice");
            }
        }
        // The driver adds its own CSIVolumeName tag to every cache.
        if (tags.size() > MAX_TAGS - 1) {
            throw new IllegalArgumentException("%d tags, but FSx allows %d per cache and the driver adds %s"
                    .formatted(tags.size(), MAX_TAGS, VOLUME_NAME_TAG));
        }
        return Collections.unmodifiableMap(tags);
    }

    private static void checkKey(String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a tag key is empty");
        }
        if (key.codePointCount(0, key.length()) > MAX_KEY_LENGTH || !CHARACTERS.matcher(key).matches()) {
            throw new IllegalArgumentException("tag key '" + key + "' is longer than 128 characters or has characters FSx refuses");
        }
        if (key.equals(VOLUME_NAME_TAG) || key.startsWith("aws:")) {
            throw new IllegalArgumentException("tag key '" + key + "' is reserved (CSIVolumeName is the driver's, aws:* is AWS's)");
        }
    }

    /** Refuses (INVALID_ARGUMENT) a final tag set FSx would refuse; for the controller, after adding its own tags. */
    public static void checkLimits(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw CsiException.invalidArgument("%d tags, but FSx allows at most %d per cache (tags: %s)",
                    tags.size(), MAX_TAGS, String.join(", ", tags.keySet()));
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
