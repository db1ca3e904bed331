package dev.polycsi.efs.cloud;

import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.CsiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.AccessPointLimitExceededException;
import software.amazon.awssdk.services.efs.model.AccessPointNotFoundException;
import software.amazon.awssdk.services.efs.model.BadRequestException;
import software.amazon.awssdk.services.efs.model.CreateAccessPointResponse;
import software.amazon.awssdk.services.efs.model.CreationInfo;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsResponse;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetsResponse;
import software.amazon.awssdk.services.efs.model.EfsException;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.IncorrectFileSystemLifeCycleStateException;
import software.amazon.awssdk.services.efs.model.PosixUser;
import software.amazon.awssdk.services.efs.model.RootDirectory;
import software.amazon.awssdk.services.efs.model.Tag;

/** {@link EfsCloud} over the AWS SDK's EfsClient. */
public final class SdkEfsCloud implements EfsCloud {

    /** DescribeAccessPoints' largest page, as the official driver asks for. */
    static final int ACCESS_POINT_PAGE = 1000;

    private final EfsClient efs;

    SdkEfsCloud(EfsClient efs) {
        this.efs = efs;
    }

    public static SdkEfsCloud create(AwsAccess aws) {
        return new SdkEfsCloud(EfsClients.build(aws, EfsClients.MAX_ATTEMPTS));
    }

    /** With fewer attempts, for tests that want failures back soon. */
    public static SdkEfsCloud create(AwsAccess aws, int maxAttempts) {
        return new SdkEfsCloud(EfsClients.build(aws, maxAttempts));
    }

    @Override
    public Optional<FileSystem> fileSystem(String fileSystemId) {
        try {
            List<FileSystemDescription> found = call("DescribeFileSystems",
                    () -> efs.describeFileSystems(r -> r.fileSystemId(fileSystemId)).fileSystems());
            return found.stream().findFirst().map(fs -> new FileSystem(fs.fileSystemId(), fs.lifeCycleStateAsString(),
                    Optional.ofNullable(fs.availabilityZoneName())));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    @Override
    public List<AccessPoint> accessPoints(String fileSystemId) {
        List<AccessPoint> all = new ArrayList<>();
        String token = null;
        try {
            do {
                String next = token;
                DescribeAccessPointsResponse page = call("DescribeAccessPoints", () -> efs.describeAccessPoints(r -> r
                        .fileSystemId(fileSystemId).maxResults(ACCESS_POINT_PAGE).nextToken(next)));
                page.accessPoints().forEach(ap -> all.add(accessPoint(ap)));
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (NotFound e) {
            throw CsiException.notFound("EFS file system %s does not exist: %s", fileSystemId, e.getMessage());
        }
        return all;
    }

    @Override
    public Optional<AccessPoint> accessPoint(String accessPointId) {
        try {
            return call("DescribeAccessPoints", () -> efs.describeAccessPoints(r -> r.accessPointId(accessPointId)))
                    .accessPoints().stream().findFirst().map(SdkEfsCloud::accessPoint);
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    @Override
    public AccessPoint createAccessPoint(NewAccessPoint request) {
        List<Tag> tags = request.tags().entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
        try {
            CreateAccessPointResponse created = call("CreateAccessPoint", () -> efs.createAccessPoint(r -> r
                    .clientToken(request.clientToken())
                    .fileSystemId(request.fileSystemId())
                    .posixUser(PosixUser.builder().uid(request.uid()).gid(request.gid()).build())
                    .rootDirectory(RootDirectory.builder()
                            .path(request.rootDirectory())
                            .creationInfo(CreationInfo.builder().ownerUid(request.uid()).ownerGid(request.gid())
                                    .permissions(request.permissions()).build())
                            .build())
                    .tags(tags.isEmpty() ? null : tags)));
            return accessPoint(AccessPointDescription.builder()
                    .accessPointId(created.accessPointId()).fileSystemId(created.fileSystemId()).clientToken(created.clientToken())
                    .posixUser(created.posixUser()).rootDirectory(created.rootDirectory()).tags(created.tags())
                    .lifeCycleState(created.lifeCycleStateAsString()).build());
        } catch (NotFound e) {
            throw CsiException.invalidArgument("parameter 'fileSystemId': EFS file system %s does not exist: %s",
                    request.fileSystemId(), e.getMessage());
        }
    }

    @Override
    public boolean deleteAccessPoint(String accessPointId) {
        try {
            call("DeleteAccessPoint", () -> efs.deleteAccessPoint(r -> r.accessPointId(accessPointId)));
            return true;
        } catch (NotFound e) {
            return false;
        }
    }

    @Override
    public List<MountTarget> mountTargets(String fileSystemId) {
        List<MountTarget> all = new ArrayList<>();
        String marker = null;
        try {
            do {
                String next = marker;
                DescribeMountTargetsResponse page = call("DescribeMountTargets",
                        () -> efs.describeMountTargets(r -> r.fileSystemId(fileSystemId).marker(next)));
                page.mountTargets().forEach(mt -> all.add(new MountTarget(mt.mountTargetId(), mt.fileSystemId(),
                        mt.availabilityZoneName(), mt.availabilityZoneId(), mt.ipAddress(), mt.lifeCycleStateAsString())));
                marker = page.nextMarker();
            } while (marker != null && !marker.isEmpty());
        } catch (NotFound e) {
            throw CsiException.notFound("EFS file system %s does not exist: %s", fileSystemId, e.getMessage());
        }
        return all;
    }

    @Override
    public void close() {
        efs.close();
    }

    static AccessPoint accessPoint(AccessPointDescription ap) {
        Map<String, String> tags = new LinkedHashMap<>();
        ap.tags().forEach(t -> tags.put(t.key(), t.value()));
        Optional<PosixUser> user = Optional.ofNullable(ap.posixUser());
        Optional<RootDirectory> root = Optional.ofNullable(ap.rootDirectory());
        Optional<CreationInfo> info = root.map(RootDirectory::creationInfo);
        return new AccessPoint(ap.accessPointId(), ap.fileSystemId(), ap.clientToken() == null ? "" : ap.clientToken(),
                user.map(PosixUser::uid), user.map(PosixUser::gid),
                root.map(RootDirectory::path).filter(p -> !p.isEmpty()).orElse("/"),
                info.map(CreationInfo::ownerUid), info.map(CreationInfo::ownerGid), info.map(CreationInfo::permissions),
                tags, ap.lifeCycleStateAsString() == null ? "" : ap.lifeCycleStateAsString());
    }

    /** Runs an EFS call; "not found" errors become {@link NotFound} for the caller to decide, the rest CSI errors. */
    private static <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (FileSystemNotFoundException | AccessPointNotFoundException e) {
            throw new NotFound(e.awsErrorDetails().errorMessage());
        } catch (AccessPointAlreadyExistsException e) {
            throw new AccessPointExistsException(e.accessPointId() == null ? "" : e.accessPointId(), e.awsErrorDetails().errorMessage());
        } catch (AccessPointLimitExceededException e) {
            throw CsiException.resourceExhausted("%s: %s (EFS allows 10000 access points per file system; use another file system)",
                    action, e.awsErrorDetails().errorMessage());
        } catch (IncorrectFileSystemLifeCycleStateException e) {
            throw CsiException.unavailable("%s: %s", action, e.awsErrorDetails().errorMessage());
        } catch (BadRequestException e) {
            throw CsiException.invalidArgument("%s: %s", action, e.awsErrorDetails().errorMessage());
        } catch (EfsException e) {
            int status = e.statusCode();
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            if (status == 400) {
                // ValidationException: a member outside EFS's constraints, e.g. RootDirectory.Path.
                throw CsiException.invalidArgument("%s: %s", action, message);
            }
            if (status == 403) {
                throw new CsiException(CsiException.Code.PERMISSION_DENIED,
                        "%s: access denied; does the controller's role allow elasticfilesystem:%s? %s".formatted(action, action, message), e);
            }
            if (status == 429 || status >= 500) {
                throw new CsiException(CsiException.Code.UNAVAILABLE, "%s: EFS is unavailable or throttling after retries: %s"
                        .formatted(action, message), e);
            }
            throw new CsiException(CsiException.Code.INTERNAL, "%s failed: %s".formatted(action, message), e);
        } catch (SdkClientException e) {
            throw new CsiException(CsiException.Code.UNAVAILABLE, "%s: cannot reach EFS: %s".formatted(action, e.getMessage()), e);
        } catch (SdkException e) {
            throw new CsiException(CsiException.Code.INTERNAL, "%s failed: %s".formatted(action, e.getMessage()), e);
        }
    }

    /** A file system or access point that does not exist; what that means depends on the call. */
    private static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }
}
