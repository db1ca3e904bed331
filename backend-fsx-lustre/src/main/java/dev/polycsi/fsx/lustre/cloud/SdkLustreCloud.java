package dev.polycsi.fsx.lustre.cloud;

import dev.polycsi.aws.batch.Batcher;
import dev.polycsi.fsx.lustre.params.LustreChange;
import dev.polycsi.fsx.support.FsxClients;
import dev.polycsi.fsx.support.FsxCloudException;
import dev.polycsi.fsx.support.FsxErrors;
import dev.polycsi.fsx.support.FsxTags;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.CsiException.Code;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.fsx.FSxClient;
import software.amazon.awssdk.services.fsx.model.DeleteFileSystemLustreConfiguration;
import software.amazon.awssdk.services.fsx.model.DescribeFileSystemsRequest;
import software.amazon.awssdk.services.fsx.model.DescribeFileSystemsResponse;
import software.amazon.awssdk.services.fsx.model.FileSystemType;

/**
 * {@link LustreCloud} over the AWS SDK's FSx client. Look-ups from concurrent callers (the waiters
 * of many volumes polling together) are merged: by id into one DescribeFileSystems of up to 50
 * ids, by name into one listing of all file systems, at most one of each per {@code window}. The
 * listing is what aws-fsx-csi-driver's users saw throttled at scale (#469), so the controller
 * lists only until it knows a volume's file system id, and polls by id after that.
 */
public final class SdkLustreCloud implements LustreCloud {

    private static final Logger LOG = LogManager.getLogger(SdkLustreCloud.class);

    /** Look-ups within this much of the last call wait for one call together. */
    public static final Duration WINDOW = Duration.ofSeconds(1);
    /** DescribeFileSystems takes at most 50 FileSystemIds. */
    static final int IDS_PER_CALL = 50;
    /** A listing page; FSx answers at most its own internal maximum. */
    static final int PAGE_SIZE = 1000;

    private final FSxClient fsx;
    private final int pageSize;
    private final Batcher<String, LustreFileSystem> byId;
    private final Batcher<String, List<LustreFileSystem>> byName;

    /** @param pageSize MaxResults of a listing's pages; small in tests, to have several */
    SdkLustreCloud(FSxClient fsx, Duration window, int pageSize) {
        this.fsx = fsx;
        this.pageSize = pageSize;
        // one unknown id fails a whole DescribeFileSystems: the batcher splits it to find which
        this.byId = new Batcher<>("DescribeFileSystems", window, IDS_PER_CALL, this::describeByIds, FsxErrors::isNotFound);
        this.byName = new Batcher<>("DescribeFileSystems-by-name", window, Integer.MAX_VALUE, this::listByNames, e -> false);
    }

    /** Over an FSx client configured from {@code aws} ({@link FsxClients}). */
    public static SdkLustreCloud create(AwsAccess aws) {
        return create(aws, FsxClients.CONFIG.maxAttempts(), WINDOW);
    }

    /** With fewer attempts and another window (zero: no merging), for tests. */
    public static SdkLustreCloud create(AwsAccess aws, int maxAttempts, Duration window) {
        return new SdkLustreCloud(FsxClients.create(aws, maxAttempts), window, PAGE_SIZE);
    }

    @Override
    public LustreFileSystem create(NewFileSystem request) {
        String volume = request.tags().getOrDefault(FsxTags.VOLUME_NAME_TAG, "");
        LustreFileSystem created = FsxModel.fileSystem(LustreErrors.ERRORS.call("CreateFileSystem " + volume,
                () -> fsx.createFileSystem(FsxModel.createRequest(request)).fileSystem()));
        LOG.info("CreateFileSystem {}: {} is {}", volume, created.id(), created.lifecycle());
        return created;
    }

    @Override
    public Optional<LustreFileSystem> describe(String fileSystemId) {
        return byId.get(fileSystemId);
    }

    @Override
    public List<LustreFileSystem> findByVolumeName(String volumeName) {
        return byName.get(volumeName).orElse(List.of());
    }

    @Override
    public LustreFileSystem updateStorageCapacity(String fileSystemId, String clientToken, long storageCapacityGiB) {
        LustreFileSystem updated = FsxModel.fileSystem(LustreErrors.ERRORS.call("UpdateFileSystem " + fileSystemId, () -> fsx.updateFileSystem(r -> r
                .fileSystemId(fileSystemId)
                .clientRequestToken(clientToken)
                .storageCapacity(Math.toIntExact(storageCapacityGiB))).fileSystem()));
        LOG.info("UpdateFileSystem {}: storage capacity increase to {} GiB requested", fileSystemId, storageCapacityGiB);
        return updated;
    }

    @Override
    public LustreFileSystem updateLustre(String fileSystemId, String clientToken, LustreChange change) {
        LustreFileSystem updated = FsxModel.fileSystem(LustreErrors.ERRORS.call("UpdateFileSystem " + fileSystemId, () -> fsx.updateFileSystem(r -> r
                .fileSystemId(fileSystemId)
                .clientRequestToken(clientToken)
                .lustreConfiguration(FsxModel.updateRequest(change))).fileSystem()));
        LOG.info("UpdateFileSystem {}: {} requested", fileSystemId, change.describe());
        return updated;
    }

    @Override
    public boolean delete(String fileSystemId) {
        try {
            // refused for the file system's state (a data repository task running): the request
            // itself is fine, so FAILED_PRECONDITION rather than INVALID_ARGUMENT
            LustreErrors.ERRORS.call("DeleteFileSystem " + fileSystemId, Code.FAILED_PRECONDITION, () -> fsx.deleteFileSystem(r -> r
                    .fileSystemId(fileSystemId)
                    .lustreConfiguration(DeleteFileSystemLustreConfiguration.builder().skipFinalBackup(true).build())));
        } catch (FsxCloudException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
        LOG.info("DeleteFileSystem {}: deleting, without a final backup", fileSystemId);
        return true;
    }

    @Override
    public void close() {
        fsx.close();
    }

    private Map<String, LustreFileSystem> describeByIds(List<String> ids) {
        Map<String, LustreFileSystem> found = new HashMap<>();
        pages("DescribeFileSystems " + String.join(",", ids), request -> request.fileSystemIds(ids),
                fileSystem -> found.put(fileSystem.id(), fileSystem));
        return found;
    }

    /** One listing of every file system, for all the names asked for at once. */
    private Map<String, List<LustreFileSystem>> listByNames(List<String> names) {
        Set<String> wanted = Set.copyOf(names);
        Map<String, List<LustreFileSystem>> found = new LinkedHashMap<>();
        pages("DescribeFileSystems", request -> request.maxResults(pageSize), fileSystem -> fileSystem.volumeName()
                .filter(wanted::contains)
                .ifPresent(name -> found.computeIfAbsent(name, n -> new ArrayList<>()).add(fileSystem)));
        return found;
    }

    /**
     * Every page of a DescribeFileSystems, Lustre file systems only (another driver may have put
     * the name tag on an ONTAP one). A page that fails fails the whole: the official driver's
     * cache replaced itself with the pages it had got, and then created duplicates.
     */
    private void pages(String what, UnaryOperator<DescribeFileSystemsRequest.Builder> request, Consumer<LustreFileSystem> each) {
        String token = null;
        do {
            String next = token;
            DescribeFileSystemsResponse page = LustreErrors.ERRORS.call(what, () -> fsx.describeFileSystems(
                    request.apply(DescribeFileSystemsRequest.builder()).nextToken(next).build()));
            page.fileSystems().stream()
                    .filter(fs -> fs.fileSystemType() == FileSystemType.LUSTRE)
                    .map(FsxModel::fileSystem)
                    .forEach(each);
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
    }
}
