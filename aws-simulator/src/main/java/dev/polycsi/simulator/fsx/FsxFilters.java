package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.json.JsonRequest;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A Describe request's {@code Filters}: each {@code {Name, Values}} matches what has any of its
 * values, and an item must match every filter. The operation sets how many filters it takes and
 * which names; a filter lists at most 20 values.
 */
final class FsxFilters {

    private static final int MAX_VALUES = 20;

    private FsxFilters() {
    }

    /** {@code filter} makes a name's predicate from its values (and may refuse the values). */
    static <T> Predicate<T> read(JsonRequest body, int maxFilters, List<String> names, BiFunction<String, List<String>, Predicate<T>> filter) {
        List<JsonRequest> filters = body.objects("Filters");
        if (filters.size() > maxFilters) {
            throw FsxError.badRequest("Filters can list at most %d filter%s.", maxFilters, maxFilters == 1 ? "" : "s");
        }
        Predicate<T> all = item -> true;
        for (JsonRequest each : filters) {
            String name = FsxFields.oneOf(each, "Name", names).orElseThrow(() -> FsxError.badRequest("Name is required in each filter."));
            List<String> values = each.strings("Values");
            if (values.size() > MAX_VALUES) {
                throw FsxError.badRequest("A filter can list at most %d values.", MAX_VALUES);
            }
            all = all.and(filter.apply(name, values));
        }
        return all;
    }
}
