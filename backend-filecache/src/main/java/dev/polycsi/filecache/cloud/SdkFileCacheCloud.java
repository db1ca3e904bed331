package dev.polycsi.filecache.cloud;

import dev.polycsi.aws.batch.Batcher;
import dev.polycsi.fsx.support.FsxClients;
import dev.polycsi.fsx.support.FsxCloudException;
import dev.polycsi.fsx.support.FsxErrors;
import dev.polycsi.fsx.support.FsxTags;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.CsiException.Code;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.fsx.FSxClient;
import software.amazon.awssdk.services.fsx.model.DescribeDataRepositoryAssociationsResponse;
import software.amazon.awssdk.services.fsx.model.DescribeFileCachesRequest;
import software.amazon.awssdk.services.fsx.model.DescribeFileCachesResponse;
import software.amazon.awssdk.services.fsx.model.FileCache;
import software.amazon.awssdk.services.fsx.model.FilterName;
import software.amazon.awssdk.services.fsx.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.fsx.model.Tag;

/**
 * {@link FileCacheCloud} over the AWS SDK's FSx client.
 *
 * <p>DescribeFileCaches shows no tags, so the volume name of a cache is read with
 * ListTagsForResource, once per cache: the {@code CSIVolumeName} tag is set at creation and a
 * cache keeps it, so the answer is remembered by the cache's ARN for as long as the cache is
 * listed (a cache without the tag is remembered as such too). Polling a cache whose name is known
 * costs one DescribeFileCaches, and a listing costs its pages plus one ListTagsForResource per
 * cache it has not seen before. CreateFileCache's answer carries the tags, so the driver's own
 * caches are never looked up that way.
 *
 * <p>Look-ups from concurrent callers (the waiters of many volumes polling together) are merged:
 * by id into one DescribeFileCaches of up to 50 ids, by name into one listing of all caches, at
 * most one of each per {@code window}. The controller lists only until it knows a volume's cache
 * id, and polls by id after that. A cache's data repository associations cannot change after its
 * creation, so they are read once per cache too.
 */
public final class SdkFileCacheCloud implements FileCacheCloud {

    private static final Logger LOG = LogManager.getLogger(SdkFileCacheCloud.class);

    /** Look-ups within this much of the last call wait for one call together. */
    public static final Duration WINDOW = Duration.ofSeconds(1);
    /** DescribeFileCaches takes at most 50 FileCacheIds. */
    static final int IDS_PER_CALL = 50;
    /** A listing page; FSx answers at most its own internal maximum. */
    static final int PAGE_SIZE = 1000;
    /** DescribeDataRepositoryAssociations takes MaxResults 1 to 25; a cache has at most 8. */
    static final int ASSOCIATIONS_PAGE_SIZE = 25;

    private final FSxClient fsx;
    private final int pageSize;
    private final Batcher<String, Cache> byId;
    private final Batcher<String, List<Cache>> byName;
    /** ResourceARN → the CSIVolumeName tag (empty: the cache has none), for the caches seen. */
    private final Map<String, Optional<String>> volumeNames = new ConcurrentHashMap<>();
    /** Cache id → its data repository associations, once FSx has shown all of them. */
    private final Map<String, List<CacheAssociation>> associations = new ConcurrentHashMap<>();

    /** @param pageSize MaxResults of a listing's pages; small in tests, to have several */
    SdkFileCacheCloud(FSxClient fsx, Duration window, int pageSize) {
        this.fsx = fsx;
        this.pageSize = pageSize;
        // one unknown id fails a whole DescribeFileCaches: the batcher splits it to find which
        this.byId = new Batcher<>("DescribeFileCaches", window, IDS_PER_CALL, this::describeByIds, FsxErrors::isNotFound);
        this.byName = new Batcher<>("DescribeFileCaches-by-name", window, Integer.MAX_VALUE, this::listByNames, e -> false);
    }

    /** Over an FSx client configured from {@code aws} ({@link FsxClients}). */
    public static SdkFileCacheCloud create(AwsAccess aws) {
        return create(aws, FsxClients.CONFIG.maxAttempts(), WINDOW);
    }

    /** With fewer attempts and another window (zero: no merging), for tests. */
    public static SdkFileCacheCloud create(AwsAccess aws, int maxAttempts, Duration window) {
        return new SdkFileCacheCloud(FsxClients.create(aws, maxAttempts), window, PAGE_SIZE);
    }

    @Override
    public Cache create(NewCache request) {
        String volume = request.tags().getOrDefault(FsxTags.VOLUME_NAME_TAG, "");
        Cache created = FileCacheModel.cache(FileCacheErrors.ERRORS.call("CreateFileCache " + volume,
                () -> fsx.createFileCache(FileCacheModel.createRequest(request)).fileCache()));
        // Remembered only as FSx's answer shows it: were its tags missing, remembering "no name"
        // would make the cache a static one, never found by its name nor deleted; ListTagsForResource
        // decides instead.
        if (!created.resourceArn().isEmpty() && created.volumeName().isPresent()) {
            volumeNames.put(created.resourceArn(), created.volumeName());
        }
        LOG.info("CreateFileCache {}: {} is {}", volume, created.id(), created.lifecycle());
        return created;
    }

    @Override
    public Optional<Cache> describe(String fileCacheId) {
        return byId.get(fileCacheId);
    }

    @Override
    public List<Cache> findByVolumeName(String volumeName) {
        return byName.get(volumeName).orElse(List.of());
    }

    @Override
    public Optional<List<CacheAssociation>> associations(Cache cache) {
        List<CacheAssociation> known = associations.get(cache.id());
        if (known != null) {
            return Optional.of(known);
        }
        if (cache.associationIds().isEmpty()) {
            return Optional.empty();
        }
        List<CacheAssociation> found = new ArrayList<>();
        String token = null;
        try {
            do {
                String next = token;
                DescribeDataRepositoryAssociationsResponse page = FileCacheErrors.ERRORS.call("DescribeDataRepositoryAssociations " + cache.id(),
                        () -> fsx.describeDataRepositoryAssociations(r -> r
                                .filters(filter -> filter.name(FilterName.FILE_CACHE_ID).values(cache.id()))
                                .maxResults(ASSOCIATIONS_PAGE_SIZE)
                                .nextToken(next)));
                page.associations().stream().map(FileCacheModel::association).forEach(found::add);
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (FsxCloudException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
        if (found.size() < cache.associationIds().size()) {
            LOG.debug("Cache {}: FSx shows {} of its {} data repository associations so far", cache.id(), found.size(),
                    cache.associationIds().size());
            return Optional.empty();
        }
        associations.put(cache.id(), List.copyOf(found));
        return Optional.of(List.copyOf(found));
    }

    @Override
    public boolean delete(String fileCacheId) {
        try {
            // refused for the cache's state: the request itself is fine, so FAILED_PRECONDITION rather than INVALID_ARGUMENT
            FileCacheErrors.ERRORS.call("DeleteFileCache " + fileCacheId, Code.FAILED_PRECONDITION,
                    () -> fsx.deleteFileCache(r -> r.fileCacheId(fileCacheId)));
        } catch (FsxCloudException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
        associations.remove(fileCacheId);
        LOG.info("DeleteFileCache {}: deleting", fileCacheId);
        return true;
    }

    @Override
    public void close() {
        fsx.close();
    }

    private Map<String, Cache> describeByIds(List<String> ids) {
        Map<String, Cache> found = new HashMap<>();
        pages("DescribeFileCaches " + String.join(",", ids), request -> request.fileCacheIds(ids), cache -> found.put(cache.id(), cache));
        return found;
    }

    /** One listing of every cache, for all the names asked for at once. */
    private Map<String, List<Cache>> listByNames(List<String> names) {
        Set<String> wanted = Set.copyOf(names);
        Map<String, List<Cache>> found = new LinkedHashMap<>();
        Set<String> listedArns = new HashSet<>();
        Set<String> listedIds = new HashSet<>();
        pages("DescribeFileCaches", request -> request.maxResults(pageSize), cache -> {
            listedArns.add(cache.resourceArn());
            listedIds.add(cache.id());
            cache.volumeName().filter(wanted::contains).ifPresent(name -> found.computeIfAbsent(name, n -> new ArrayList<>()).add(cache));
        });
        // caches gone from the account take their remembered names with them
        volumeNames.keySet().retainAll(listedArns);
        associations.keySet().retainAll(listedIds);
        return found;
    }

    /**
     * Every page of a DescribeFileCaches, each cache with its volume name. A page that fails fails
     * the whole, and so does a tag look-up that fails for another reason than the cache having
     * gone meanwhile (such a cache is left out, as the next page would leave it out).
     */
    private void pages(String what, UnaryOperator<DescribeFileCachesRequest.Builder> request, Consumer<Cache> each) {
        String token = null;
        do {
            String next = token;
            DescribeFileCachesResponse page = FileCacheErrors.ERRORS.call(what, () -> fsx.describeFileCaches(
                    request.apply(DescribeFileCachesRequest.builder()).nextToken(next).build()));
            for (FileCache cache : page.fileCaches()) {
                volumeName(cache).ifPresent(name -> each.accept(FileCacheModel.cache(cache, name)));
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
    }

    /** The cache's volume name, remembered or read from its tags; empty (outer) if the cache has gone. */
    private Optional<Optional<String>> volumeName(FileCache cache) {
        String arn = cache.resourceARN();
        if (arn == null || arn.isEmpty()) {
            return Optional.of(Optional.empty());
        }
        Optional<String> known = volumeNames.get(arn);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> name;
        try {
            name = FileCacheModel.volumeName(tags(arn, cache.fileCacheId()));
        } catch (FsxCloudException e) {
            if (e.isNotFound()) {
                LOG.debug("Cache {} has gone while its tags were read", cache.fileCacheId());
                return Optional.empty();
            }
            throw e;
        }
        volumeNames.put(arn, name);
        return Optional.of(name);
    }

    private List<Tag> tags(String arn, String fileCacheId) {
        List<Tag> tags = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListTagsForResourceResponse page = FileCacheErrors.ERRORS.call("ListTagsForResource " + fileCacheId,
                    () -> fsx.listTagsForResource(r -> r.resourceARN(arn).nextToken(next)));
            tags.addAll(page.tags());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return tags;
    }
}
