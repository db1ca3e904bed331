package dev.polycsi.efs.cloud;

import dev.polycsi.aws.client.AwsClients;
import dev.polycsi.aws.client.ClientConfig;
import dev.polycsi.aws.errors.AwsCallException;
import dev.polycsi.aws.errors.AwsErrorMapper;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.CsiException.Code;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.AccessPointLimitExceededException;
import software.amazon.awssdk.services.efs.model.AccessPointNotFoundException;
import software.amazon.awssdk.services.efs.model.CreateAccessPointResponse;
import software.amazon.awssdk.services.efs.model.CreationInfo;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsResponse;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetsResponse;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.PosixUser;
import software.amazon.awssdk.services.efs.model.RootDirectory;
import software.amazon.awssdk.services.efs.model.Tag;
import software.amazon.awssdk.services.sts.model.StsException;

/** {@link EfsCloud} over the AWS SDK's EfsClient. */
public final class SdkEfsCloud implements EfsCloud {

    /** DescribeAccessPoints' largest page, as the official driver asks for. */
    static final int ACCESS_POINT_PAGE = 1000;

    /**
     * Adaptive retries, as the official driver's --adaptive-retry-mode (on by default): throttling
     * slows the client down instead of turning into AccessPointAlreadyExists storms on retries (#1225).
     */
    static final ClientConfig CONFIG = new ClientConfig(8, Duration.ofSeconds(20), Duration.ofSeconds(90));

    /** EFS's own error codes; throttling, server errors and access denied are the shared mapper's. */
    private static final AwsErrorMapper<AwsCallException> ERRORS = new AwsErrorMapper<>("EFS", "elasticfilesystem", Map.of(
            // the file system is being created or deleted: a state that passes
            "IncorrectFileSystemLifeCycleState", Code.UNAVAILABLE,
            "BadRequest", Code.INVALID_ARGUMENT,
            // a member outside EFS's constraints, e.g. an access point's RootDirectory.Path
            "ValidationException", Code.INVALID_ARGUMENT), AwsCallException.class, AwsCallException::new);

    /** STS's refusals of AssumeRole, met when the role's credentials are first needed or renewed. */
    private static final AwsErrorMapper<AwsCallException> STS_ERRORS = new AwsErrorMapper<>("STS", "sts", Map.of(
            "RegionDisabledException", Code.FAILED_PRECONDITION,
            "MalformedPolicyDocument", Code.INVALID_ARGUMENT), AwsCallException.class, AwsCallException::new);

    private final EfsClient efs;
    /** Present when the client acts as another account's role. */
    private final Optional<CrossAccountRole> role;
    private final Optional<AutoCloseable> credentials;

    SdkEfsCloud(EfsClient efs) {
        this(efs, Optional.empty(), Optional.empty());
    }

    private SdkEfsCloud(EfsClient efs, Optional<CrossAccountRole> role, Optional<AutoCloseable> credentials) {
        this.efs = efs;
        this.role = role;
        this.credentials = credentials;
    }

    public static SdkEfsCloud create(AwsAccess aws) {
        return create(aws, CONFIG.maxAttempts());
    }

    /** With fewer attempts, for tests that want failures back soon. */
    public static SdkEfsCloud create(AwsAccess aws, int maxAttempts) {
        return new SdkEfsCloud(AwsClients.build(EfsClient.builder(), aws, CONFIG.withMaxAttempts(maxAttempts)));
    }

    /** Acting as {@code role}, with its credentials from {@code credentials} (which this cloud closes). */
    static <P extends AwsCredentialsProvider & AutoCloseable> SdkEfsCloud create(AwsAccess aws, CrossAccountRole role, P credentials,
            int maxAttempts) {
        EfsClient client = AwsClients.build(EfsClient.builder().credentialsProvider(credentials), aws, CONFIG.withMaxAttempts(maxAttempts));
        return new SdkEfsCloud(client, Optional.of(role), Optional.of(credentials));
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
        credentials.ifPresent(c -> {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("the credentials provider of " + role.map(String::valueOf).orElse("EFS") + " did not close", e);
            }
        });
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
    private <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (FileSystemNotFoundException | AccessPointNotFoundException e) {
            throw new NotFound(e.awsErrorDetails().errorMessage());
        } catch (AccessPointAlreadyExistsException e) {
            throw new AccessPointExistsException(e.accessPointId() == null ? "" : e.accessPointId(), e.awsErrorDetails().errorMessage());
        } catch (AccessPointLimitExceededException e) {
            throw CsiException.resourceExhausted("%s: %s (EFS allows 10000 access points per file system; use another file system)",
                    action, e.awsErrorDetails().errorMessage());
        } catch (RuntimeException e) {
            Optional<StsException> refused = stsFailure(e);
            if (refused.isPresent() && role.isPresent()) {
                throw assumeRoleFailed(refused.get());
            }
            throw redacted(ERRORS.map(action, e));
        }
    }

    /**
     * AWS names the caller in some messages (AccessDenied: "User: arn:aws:sts::…:assumed-role/NAME/…");
     * the role came from a secret, and error messages are logged with their causes.
     */
    private CsiException redacted(CsiException e) {
        if (role.isEmpty() || e.getMessage() == null) {
            return e;
        }
        String arn = role.get().roleArn();
        String name = arn.substring(arn.indexOf(":role/") + ":role/".length());
        String message = e.getMessage().replace(arn, "<awsRoleArn>").replace("role/" + name, "role/<awsRoleArn>");
        // without the cause: the SDK's exception carries AWS's message as it was
        return new CsiException(e.code(), message);
    }

    /** The EFS call could not even start: STS would not hand out the role's credentials. */
    private CsiException assumeRoleFailed(StsException e) {
        CrossAccountRole assumed = role.orElseThrow();
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        if ("AccessDenied".equals(code)) {
            // the official driver answers UNAUTHENTICATED; STS's message names the role, which came from a secret: not repeated
            return new CsiException(Code.PERMISSION_DENIED, "secret 'awsRoleArn': STS refused AssumeRole of the role in account %s "
                    .formatted(assumed.accountId()) + "(AccessDenied): does the role trust this controller's role, and does its trust "
                    + "policy's sts:ExternalId match the secret's externalId?");
        }
        CsiException mapped = STS_ERRORS.map("AssumeRole", e);
        return new CsiException(mapped.code(), "secret 'awsRoleArn': AssumeRole failed with %s (%s)".formatted(code, mapped.code()));
    }

    private static Optional<StsException> stsFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StsException sts) {
                return Optional.of(sts);
            }
        }
        return Optional.empty();
    }

    /** A file system or access point that does not exist; what that means depends on the call. */
    private static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }
}
