package dev.polycsi.core.csi;

import dev.polycsi.core.backend.BackendEntry;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.Page;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages through several backends as if they were one list. The token is
 * {@code <backend>:<that backend's token>}, so a listing resumes in the right backend.
 */
final class Pager {

    private Pager() {
    }

    record Entry<T>(BackendEntry backend, T value) {}

    record Result<T>(List<Entry<T>> entries, String nextToken) {}

    /** Asks one backend for one page: at most {@code maxEntries} (0: any number) from its own {@code token}. */
    @FunctionalInterface
    interface Lister<T> {
        Page<T> page(BackendEntry backend, int maxEntries, String token);
    }

    static <T> Result<T> list(List<BackendEntry> backends, int maxEntries, String startingToken,
            Lister<T> lister) {
        Requests.nonNegative(maxEntries, "max_entries");
        int start = 0;
        String backendToken = "";
        if (!startingToken.isEmpty()) {
            int colon = startingToken.indexOf(':');
            String name = colon < 0 ? "" : startingToken.substring(0, colon);
            start = indexOf(backends, name);
            if (start < 0) {
                throw CsiException.aborted("starting_token '%s' was not issued by this driver", startingToken);
            }
            backendToken = startingToken.substring(colon + 1);
        }
        List<Entry<T>> entries = new ArrayList<>();
        for (int i = start; i < backends.size(); i++) {
            BackendEntry backend = backends.get(i);
            int room = maxEntries == 0 ? 0 : maxEntries - entries.size();
            Page<T> page = lister.page(backend, room, backendToken);
            page.entries().forEach(value -> entries.add(new Entry<>(backend, value)));
            backendToken = "";
            if (!page.nextToken().isEmpty()) {
                return new Result<>(entries, backend.name() + ":" + page.nextToken());
            }
            if (maxEntries > 0 && entries.size() >= maxEntries && i + 1 < backends.size()) {
                return new Result<>(entries, backends.get(i + 1).name() + ":");
            }
        }
        return new Result<>(entries, "");
    }

    private static int indexOf(List<BackendEntry> backends, String name) {
        for (int i = 0; i < backends.size(); i++) {
            if (backends.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
