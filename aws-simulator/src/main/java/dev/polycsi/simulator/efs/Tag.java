package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.json.JsonRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A resource tag; EFS shows the {@code Name} tag's value as the resource's name. */
record Tag(String key, String value) {

    static final int MAX_TAGS = 50;

    Tag {
        if (key.isEmpty() || key.length() > 128) {
            throw EfsError.badRequest("Tag key '%s' must be 1 to 128 characters long.", key);
        }
        if (value.length() > 256) {
            throw EfsError.badRequest("The value of tag '%s' must be at most 256 characters long.", key);
        }
    }

    /** A request's {@code Tags}: a list of {@code {"Key":…,"Value":…}}, each key once. */
    static List<Tag> listOf(JsonRequest request) {
        List<Tag> tags = request.objects("Tags").stream().map(tag -> new Tag(tag.requiredString("Key"), tag.requiredString("Value"))).toList();
        if (tags.stream().map(Tag::key).distinct().count() < tags.size()) {
            throw EfsError.badRequest("Each tag key may appear only once.");
        }
        if (tags.size() > MAX_TAGS) {
            throw EfsError.badRequest("A resource can have at most %d tags.", MAX_TAGS);
        }
        return tags;
    }

    /** The {@code Name} tag's value, if any. */
    static Optional<String> name(List<Tag> tags) {
        return tags.stream().filter(tag -> tag.key().equals("Name")).map(Tag::value).findFirst();
    }

    /** {@code existing} with {@code added} set over it, key by key, in first-seen order. */
    static List<Tag> merge(List<Tag> existing, List<Tag> added) {
        Map<String, String> byKey = new LinkedHashMap<>();
        existing.forEach(tag -> byKey.put(tag.key(), tag.value()));
        added.forEach(tag -> byKey.put(tag.key(), tag.value()));
        if (byKey.size() > MAX_TAGS) {
            throw EfsError.badRequest("A resource can have at most %d tags.", MAX_TAGS);
        }
        List<Tag> merged = new ArrayList<>();
        byKey.forEach((key, value) -> merged.add(new Tag(key, value)));
        return List.copyOf(merged);
    }

    static List<Tag> without(List<Tag> existing, List<String> keys) {
        return existing.stream().filter(tag -> !keys.contains(tag.key())).toList();
    }
}
