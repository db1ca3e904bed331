package dev.polycsi.simulator.imds;

import dev.polycsi.simulator.SimContext;
import dev.polycsi.simulator.http.AwsError;
import dev.polycsi.simulator.http.AwsService;
import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.http.SimResponse;

/**
 * The instance metadata service of the simulated instance, IMDSv2 only, as the SDK's
 * {@code Ec2MetadataClient} uses it with its endpoint set to the simulator:
 *
 * <ul>
 * <li>{@code PUT /latest/api/token} with {@code X-aws-ec2-metadata-token-ttl-seconds: 1..21600} answers a
 *     token (400 without a valid TTL, 403 for a request that came through a proxy);</li>
 * <li>{@code GET /latest/meta-data/<path>} and {@code GET /latest/dynamic/instance-identity/document}
 *     need a valid {@code X-aws-ec2-metadata-token} (401 otherwise); unknown paths are 404.</li>
 * </ul>
 *
 * Requests are not signed. Actions for knobs and counters: GetToken, GetMetadata, GetDynamicData.
 */
public final class ImdsService implements AwsService {

    static final String TOKEN_PATH = "/latest/api/token";
    static final String TTL_HEADER = "x-aws-ec2-metadata-token-ttl-seconds";
    static final String TOKEN_HEADER = "x-aws-ec2-metadata-token";

    private static final String PREFIX = "/latest";
    private static final String META_DATA = "/latest/meta-data";
    private static final String DYNAMIC = "/latest/dynamic";
    private static final String IDENTITY_DOCUMENT = "instance-identity/document";

    private final ImdsTokens tokens;
    private final InstanceMetadata metadata;
    private final String identityDocument;

    public ImdsService(SimContext context) {
        this.tokens = new ImdsTokens(context.clock());
        this.metadata = new InstanceMetadata(context.config());
        this.identityDocument = IdentityDocument.of(context.config(), context.clock().instant());
    }

    @Override
    public String name() {
        return "imds";
    }

    @Override
    public boolean accepts(SimRequest request) {
        return request.path().equals(PREFIX) || request.path().startsWith(PREFIX + "/");
    }

    @Override
    public boolean signed() {
        return false;
    }

    @Override
    public String actionOf(SimRequest request) {
        if (request.path().equals(TOKEN_PATH)) {
            return "GetToken";
        }
        return request.path().startsWith(DYNAMIC) ? "GetDynamicData" : "GetMetadata";
    }

    /** IMDS throttles per instance with 429 Too Many Requests. */
    @Override
    public AwsError throttled() {
        return new AwsError(429, "TooManyRequests", "Too Many Requests");
    }

    @Override
    public SimResponse handle(SimRequest request) {
        if (request.path().equals(TOKEN_PATH)) {
            return issueToken(request);
        }
        if (!request.method().equals("GET")) {
            throw new AwsError(405, "MethodNotAllowed", "Method Not Allowed");
        }
        if (!tokens.valid(request.header(TOKEN_HEADER))) {
            throw new AwsError(401, "Unauthorized", "Unauthorized");
        }
        return text(200, read(request.path()));
    }

    private SimResponse issueToken(SimRequest request) {
        if (!request.method().equals("PUT")) {
            throw new AwsError(405, "MethodNotAllowed", "Method Not Allowed");
        }
        // IMDS refuses token requests that passed a proxy, so that a forwarded request cannot obtain one
        if (request.header("x-forwarded-for") != null) {
            throw new AwsError(403, "Forbidden", "Forbidden");
        }
        int ttlSeconds = ttlSeconds(request.header(TTL_HEADER));
        return text(200, tokens.issue(ttlSeconds)).withHeader(TTL_HEADER, Integer.toString(ttlSeconds));
    }

    private static int ttlSeconds(String header) {
        try {
            int ttl = Integer.parseInt(header == null ? "" : header.strip());
            if (ttl >= ImdsTokens.MIN_TTL_SECONDS && ttl <= ImdsTokens.MAX_TTL_SECONDS) {
                return ttl;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new AwsError(400, "BadRequest", "Missing or Invalid Parameters");
    }

    private String read(String path) {
        if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
            return "dynamic\nmeta-data";
        }
        if (path.equals(META_DATA) || path.startsWith(META_DATA + "/")) {
            String within = path.length() > META_DATA.length() ? path.substring(META_DATA.length() + 1) : "";
            return metadata.get(within).orElseThrow(ImdsService::notFound);
        }
        return switch (path) {
            case DYNAMIC, DYNAMIC + "/" -> "instance-identity/";
            case DYNAMIC + "/instance-identity", DYNAMIC + "/instance-identity/" -> "document";
            case DYNAMIC + "/" + IDENTITY_DOCUMENT -> identityDocument;
            default -> throw notFound();
        };
    }

    private static AwsError notFound() {
        return new AwsError(404, "NotFound", "Not Found");
    }

    @Override
    public SimResponse error(AwsError error) {
        return text(error.status(), error.getMessage());
    }

    private static SimResponse text(int status, String body) {
        return SimResponse.of(status, "text/plain", body);
    }
}
