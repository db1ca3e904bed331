package dev.polycsi.filecache.params;

import dev.polycsi.filecache.params.Shorthand.Entry;
import dev.polycsi.filecache.params.Shorthand.ListValue;
import dev.polycsi.filecache.params.Shorthand.Record;
import dev.polycsi.filecache.params.Shorthand.Scalar;
import dev.polycsi.filecache.params.Shorthand.Value;
import dev.polycsi.spi.CsiException;
import java.util.List;
import java.util.Optional;

/**
 * The keys of one shorthand {@link Record} read as the type each takes, with every fault at its
 * position: a key not in {@code keys} (keys are case-sensitive, as in the official driver; a
 * wrong case is told apart), a value of the wrong shape, a required key missing.
 */
final class Fields {

    private final Source source;
    private final Record record;
    private final String where;

    /**
     * @param where what the record is, for messages: {@code association 2}, {@code NFS of association 2}, …
     * @param keys  the keys it may have
     */
    Fields(Source source, Record record, String where, List<String> keys) {
        this.source = source;
        this.record = record;
        this.where = where;
        for (Entry entry : record.entries()) {
            if (!keys.contains(entry.key())) {
                Optional<String> spelling = keys.stream().filter(k -> k.equalsIgnoreCase(entry.key())).findFirst();
                throw source.fault(entry.start(), "unknown key '%s' in %s%s; allowed: %s", Source.clip(entry.key()), where,
                        spelling.map(k -> " (keys are case-sensitive: write " + k + ")").orElse(""), String.join(", ", keys));
            }
        }
    }

    Source source() {
        return source;
    }

    String where() {
        return where;
    }

    int start() {
        return record.start();
    }

    Optional<Entry> entry(String key) {
        return record.find(key);
    }

    Optional<Scalar> scalar(String key) {
        return record.find(key).map(entry -> switch (entry.value()) {
            case Scalar scalar -> scalar;
            case Value other -> throw shape(entry, "a single value, not " + shapeOf(other), key + "=VALUE");
        });
    }

    Scalar requiredScalar(String key, String example) {
        return scalar(key).orElseThrow(() -> source.fault(record.start(), "%s has no '%s': write %s", where, key, example));
    }

    Optional<ListValue> list(String key) {
        return record.find(key).map(entry -> switch (entry.value()) {
            case ListValue list -> list;
            case Value other -> throw shape(entry, "a list, not " + shapeOf(other), key + "=[A,B]");
        });
    }

    Optional<Record> group(String key, String example) {
        return record.find(key).map(entry -> switch (entry.value()) {
            case Record group -> group;
            case Value other -> throw shape(entry, "a group in braces, not " + shapeOf(other), example);
        });
    }

    /** A fault at {@code index} in this record, which the message names. */
    CsiException fault(int index, String format, Object... args) {
        String message = format.formatted(args);
        return where.equals(source.parameter()) ? source.fault(index, "%s", message) : source.fault(index, "%s: %s", where, message);
    }

    private CsiException shape(Entry entry, String takes, String example) {
        return source.fault(entry.value().start(), "'%s' in %s takes %s: write %s", entry.key(), where, takes, example);
    }

    private static String shapeOf(Value value) {
        return switch (value) {
            case Scalar ignored -> "a single value";
            case ListValue ignored -> "a list";
            case Record ignored -> "a group";
        };
    }
}
