package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.json.JsonRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** An FSx tag, checked against the model's lengths and character set; at most 50 per resource. */
record Tag(String key, String value) {

    static final int MAX_TAGS = 50;
    private static final Pattern CHARACTERS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    Tag {
        if (key.isEmpty() || key.length() > 128 || !CHARACTERS.matcher(key).matches()) {
            throw FsxError.badRequest("Tag key '%s' must be 1 to 128 letters, digits, spaces or _.:/=+-@.", key);
        }
        if (key.startsWith("aws:")) {
            throw FsxError.badRequest("Tag keys beginning with aws: are reserved for AWS use.");
        }
        if (value.length() > 256 || !CHARACTERS.matcher(value).matches()) {
            throw FsxError.badRequest("The value of tag '%s' must be at most 256 letters, digits, spaces or _.:/=+-@.", key);
        }
    }

    /** A request's {@code Tags}: 1 to 50 when present (the model's bounds), each key once. */
    static List<Tag> listOf(JsonRequest request) {
        return listOf(request, "Tags");
    }

    /** Tags under another name, e.g. DeleteVolume's {@code FinalBackupTags}, by the same rules. */
    static List<Tag> listOf(JsonRequest request, String member) {
        if (!request.has(member)) {
            return List.of();
        }
        List<Tag> tags = request.objects(member).stream().map(tag -> new Tag(tag.requiredString("Key"), tag.requiredString("Value"))).toList();
        if (tags.isEmpty() || tags.size() > MAX_TAGS) {
            throw FsxError.badRequest("%s must list 1 to %d tags.", member, MAX_TAGS);
        }
        if (tags.stream().map(Tag::key).distinct().count() < tags.size()) {
            throw FsxError.badRequest("Each tag key may appear only once.");
        }
        return tags;
    }

    /** {@code existing} with {@code added} set over it, key by key; more than 50 is FSx's tag limit. */
    static List<Tag> merge(List<Tag> existing, List<Tag> added) {
        Map<String, String> byKey = new LinkedHashMap<>();
        existing.forEach(tag -> byKey.put(tag.key(), tag.value()));
        added.forEach(tag -> byKey.put(tag.key(), tag.value()));
        if (byKey.size() > MAX_TAGS) {
            throw FsxError.serviceLimitExceeded("TOTAL_USER_TAGS", "A resource can have at most %d tags.".formatted(MAX_TAGS));
        }
        List<Tag> merged = new ArrayList<>();
        byKey.forEach((key, value) -> merged.add(new Tag(key, value)));
        return List.copyOf(merged);
    }

    static List<Tag> without(List<Tag> existing, List<String> keys) {
        return existing.stream().filter(tag -> !keys.contains(tag.key())).toList();
    }
}
