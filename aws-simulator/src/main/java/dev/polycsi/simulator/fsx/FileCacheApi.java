package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.http.SimResponse;
import dev.polycsi.simulator.json.JsonRequest;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** CreateFileCache, DescribeFileCaches, DeleteFileCache and DescribeDataRepositoryAssociations for Amazon File Cache. */
final class FileCacheApi {

    private static final int MAX_IDS = 50;
    private static final int MAX_FILTERS = 10;
    private static final int MAX_FILTER_VALUES = 20;
    /** DescribeDataRepositoryAssociations takes MaxResults 1 to 25 (the model's LimitedMaxResults). */
    private static final int MAX_ASSOCIATION_RESULTS = 25;
    /** Every filter name the model has; only these three apply to associations. */
    private static final Set<String> FILTER_NAMES = Set.of("file-system-id", "backup-type", "file-system-type", "volume-id",
            "data-repository-type", "file-cache-id", "file-cache-type");
    private static final Set<String> ASSOCIATION_FILTERS = Set.of("file-system-id", "file-cache-id", "data-repository-type");

    private final FsxState state;
    private final FileCacheJson json;
    private final SimulatorConfig config;

    FileCacheApi(FsxState state, SimulatorConfig config) {
        this.state = state;
        this.config = config;
        this.json = new FileCacheJson(config.region());
    }

    /** A new cache is answered CREATING, as FSx answers it, even when it is available at once; a replay as it is now. */
    SimResponse create(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        CreateCacheRequest create = CreateCacheRequest.read(body, config);
        FsxState.CacheCreation creation = state.createCache(ClientTokens.tokenOf(body), ClientTokens.parametersOf(body), create);
        Instant now = state.now();
        return FsxJson.response(writer -> {
            writer.writeFieldName("FileCache");
            json.writeCreating(writer, creation.cache(), now, !creation.replayed());
        });
    }

    SimResponse describe(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        List<String> ids = body.strings("FileCacheIds");
        if (ids.size() > MAX_IDS) {
            throw FsxError.badRequest("FileCacheIds can name at most %d caches.", MAX_IDS);
        }
        ids.forEach(FsxIds::requireFileCacheId);
        Page<FileCache> page = Page.of(state.describeCaches(ids), FileCache::sequence, body.string("NextToken"), body.integer("MaxResults"));
        Instant now = state.now();
        return FsxJson.response(writer -> {
            writer.writeFieldName("FileCaches").writeStartArray();
            page.items().forEach(cache -> json.write(writer, cache, now));
            writer.writeEndArray();
            page.nextToken().ifPresent(token -> FsxJson.field(writer, "NextToken", token));
        });
    }

    /** DELETING at once; a cache has no final backup to take. */
    SimResponse delete(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        String fileCacheId = FsxIds.requireFileCacheId(body.requiredString("FileCacheId"));
        FileCache cache = state.deleteCache(fileCacheId, ClientTokens.tokenOf(body), ClientTokens.parametersOf(body));
        return FsxJson.response(writer -> {
            FsxJson.field(writer, "FileCacheId", cache.id());
            FsxJson.field(writer, "Lifecycle", Lifecycle.DELETING.name());
        });
    }

    /**
     * By AssociationIds, narrowed by Filters ({@code file-cache-id}, {@code data-repository-type}
     * S3 or NFS, {@code file-system-id}: no file system associations are simulated, so it matches
     * none), each filter's values any of, all filters at once.
     */
    SimResponse describeAssociations(SimRequest request) {
        JsonRequest body = FsxFields.request(request.body());
        List<String> ids = body.strings("AssociationIds");
        if (ids.size() > MAX_IDS) {
            throw FsxError.badRequest("AssociationIds can name at most %d data repository associations.", MAX_IDS);
        }
        ids.forEach(FsxIds::requireAssociationId);
        Predicate<FileCache.Linked> filters = filters(body.objects("Filters"));
        FsxFields.intInRange(body, "MaxResults", 1, MAX_ASSOCIATION_RESULTS);
        List<FileCache.Linked> matching = state.describeAssociations(ids).stream().filter(filters).toList();
        Page<FileCache.Linked> page = Page.of(matching, linked -> linked.association().sequence(), body.string("NextToken"),
                body.integer("MaxResults"));
        Instant now = state.now();
        return FsxJson.response(writer -> {
            writer.writeFieldName("Associations").writeStartArray();
            page.items().forEach(linked -> json.writeAssociation(writer, linked, now));
            writer.writeEndArray();
            page.nextToken().ifPresent(token -> FsxJson.field(writer, "NextToken", token));
        });
    }

    private static Predicate<FileCache.Linked> filters(List<JsonRequest> filters) {
        if (filters.size() > MAX_FILTERS) {
            throw FsxError.badRequest("Filters can list at most %d filters.", MAX_FILTERS);
        }
        Predicate<FileCache.Linked> all = linked -> true;
        for (JsonRequest filter : filters) {
            String name = FsxFields.oneOf(filter, "Name", FILTER_NAMES.stream().sorted().toList())
                    .orElseThrow(() -> FsxError.badRequest("Name is required in each filter."));
            if (!ASSOCIATION_FILTERS.contains(name)) {
                throw FsxError.badRequest("The filter %s does not apply to data repository associations; use file-system-id, file-cache-id"
                        + " or data-repository-type.", name);
            }
            List<String> values = filter.strings("Values");
            if (values.size() > MAX_FILTER_VALUES) {
                throw FsxError.badRequest("A filter can list at most %d values.", MAX_FILTER_VALUES);
            }
            all = all.and(filter(name, values));
        }
        return all;
    }

    private static Predicate<FileCache.Linked> filter(String name, List<String> values) {
        return switch (name) {
            case "file-cache-id" -> linked -> values.contains(linked.cache().id());
            case "data-repository-type" -> {
                values.stream().filter(value -> !List.of("S3", "NFS").contains(value)).findFirst().ifPresent(value -> {
                    throw FsxError.invalidDataRepositoryType("'%s' is not a data repository type; use S3 or NFS.", value);
                });
                yield linked -> values.contains(linked.association().link().type().name());
            }
            default -> linked -> false;
        };
    }
}
