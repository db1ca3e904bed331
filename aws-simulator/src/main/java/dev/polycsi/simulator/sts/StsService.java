package dev.polycsi.simulator.sts;

import dev.polycsi.simulator.SimContext;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.http.AwsError;
import dev.polycsi.simulator.http.AwsService;
import dev.polycsi.simulator.http.Caller;
import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.http.SimResponse;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * AWS STS over the Query protocol (API version 2011-06-15): form-encoded {@code POST /} with
 * {@code Action=AssumeRole} or {@code GetCallerIdentity}, XML answers in STS's namespace, errors as
 * {@code <ErrorResponse><Error><Type/><Code/><Message/></Error>}.
 *
 * <p>Roles of other accounts that the simulated account may assume: {@link #CROSS_ACCOUNT_ROLE}
 * (account {@link #OTHER_ACCOUNT}, no external id asked for) from the start, and any set with the
 * knob {@code sts.role.<role ARN>=<external id>} (or {@code =*} for a trust policy without
 * sts:ExternalId). Any other role, a missing or wrong external id where one is asked for, is
 * 403 AccessDenied, as STS answers when the trust policy does not let the caller in. The
 * credentials are temporary keys whose access key id carries the role's account (see
 * {@link Caller}), so that the simulated services tell which account a call comes from; their
 * secret and session token are random and never checked. Throttling class: the action name.
 */
public final class StsService implements AwsService {

    static final String VERSION = "2011-06-15";
    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String CONTENT_TYPE = "text/xml";

    /** The other account of cross-account tests and demos. */
    public static final String OTHER_ACCOUNT = "111122223333";
    /** A role of {@link #OTHER_ACCOUNT} that trusts the simulated account without an external id. */
    public static final String CROSS_ACCOUNT_ROLE = "arn:aws:iam::" + OTHER_ACCOUNT + ":role/polycsi-efs-cross-account";

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/([\\w+=,.@/-]+)");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final int MIN_DURATION = 900;
    private static final int MAX_DURATION = 43_200;
    private static final int DEFAULT_DURATION = 3_600;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SimContext context;
    private final InstantSource clock;

    public StsService(SimContext context) {
        this.context = context;
        this.clock = context.clock();
    }

    @Override
    public String name() {
        return "sts";
    }

    /** A form POST to {@code /} for STS's API version (EC2's carries another). */
    @Override
    public boolean accepts(SimRequest request) {
        if (!request.method().equals("POST") || !request.path().equals("/") || request.header("x-amz-target") != null) {
            return false;
        }
        String contentType = request.header("content-type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            return false;
        }
        Map<String, String> form = request.form();
        return VERSION.equals(form.get("Version")) && form.containsKey("Action");
    }

    @Override
    public String actionOf(SimRequest request) {
        return request.form().get("Action");
    }

    @Override
    public AwsError throttled() {
        return new AwsError(400, "Throttling", "Rate exceeded");
    }

    @Override
    public SimResponse handle(SimRequest request) {
        Map<String, String> form = request.form();
        String action = form.get("Action");
        return switch (action) {
            case "AssumeRole" -> assumeRole(form, Caller.accountOf(request));
            case "GetCallerIdentity" -> callerIdentity(Caller.accessKeyIdOf(request));
            default -> throw new AwsError(400, "InvalidAction", "Could not find operation " + action + " for version " + VERSION);
        };
    }

    private SimResponse assumeRole(Map<String, String> form, String caller) {
        String roleArn = required(form, "RoleArn");
        String sessionName = required(form, "RoleSessionName");
        if (roleArn.length() < 20 || roleArn.length() > 2048) {
            throw validation(roleArn, "roleArn", "Member must have length between 20 and 2048");
        }
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw validation(sessionName, "roleSessionName", "Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64");
        }
        Optional<String> externalId = Optional.ofNullable(form.get("ExternalId"));
        if (externalId.isPresent() && !EXTERNAL_ID.matcher(externalId.get()).matches()) {
            throw validation(externalId.get(), "externalId", "Member must satisfy regular expression pattern: [\\w+=,.@:/-]* and have length between 2 and 1224");
        }
        int duration = durationSeconds(form.get("DurationSeconds"));
        var arn = ROLE_ARN.matcher(roleArn);
        Optional<String> trust = arn.matches() ? trustOf(roleArn) : Optional.empty();
        // a role that does not exist and a trust policy that keeps the caller out look alike to the caller
        if (trust.isEmpty() || !(trust.get().equals("*") || externalId.equals(trust))) {
            throw new AwsError(403, "AccessDenied", "User: arn:aws:iam::%s:user/polycsi-simulator is not authorized to perform: "
                    .formatted(caller) + "sts:AssumeRole on resource: " + roleArn);
        }
        String account = arn.group(1);
        String roleName = arn.group(2).substring(arn.group(2).lastIndexOf('/') + 1);
        Instant expiration = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(duration);
        String roleId = "AROA" + account + "SIMROLE";
        StringBuilder xml = start("AssumeRole");
        xml.append("<AssumeRoleResult><AssumedRoleUser>")
                .append(element("Arn", "arn:aws:sts::%s:assumed-role/%s/%s".formatted(account, roleName, sessionName)))
                .append(element("AssumedRoleId", roleId + ":" + sessionName))
                .append("</AssumedRoleUser><Credentials>")
                .append(element("AccessKeyId", Caller.temporaryAccessKeyId(account)))
                .append(element("SecretAccessKey", random(30)))
                .append(element("SessionToken", random(96)))
                .append(element("Expiration", expiration.toString()))
                .append("</Credentials></AssumeRoleResult>");
        return end(xml, "AssumeRole");
    }

    /** The caller as its key shows it: the simulated account's user, or the role session a temporary key belongs to. */
    private SimResponse callerIdentity(String accessKeyId) {
        String account = Caller.accountOfKey(accessKeyId);
        boolean temporary = !account.equals(SimulatorConfig.ACCOUNT_ID) || accessKeyId.startsWith("ASIA");
        StringBuilder xml = start("GetCallerIdentity");
        xml.append("<GetCallerIdentityResult>")
                .append(element("Arn", temporary ? "arn:aws:sts::%s:assumed-role/simulated/session".formatted(account)
                        : "arn:aws:iam::%s:user/polycsi-simulator".formatted(account)))
                .append(element("UserId", temporary ? "AROA" + account + "SIMROLE:session" : "AIDA" + account + "SIMUSER"))
                .append(element("Account", account))
                .append("</GetCallerIdentityResult>");
        return end(xml, "GetCallerIdentity");
    }

    private Optional<String> trustOf(String roleArn) {
        Optional<String> set = context.knobs().roleTrust(roleArn);
        if (set.isPresent()) {
            return set;
        }
        return roleArn.equals(CROSS_ACCOUNT_ROLE) ? Optional.of("*") : Optional.empty();
    }

    private static int durationSeconds(String value) {
        if (value == null) {
            return DEFAULT_DURATION;
        }
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= MIN_DURATION && seconds <= MAX_DURATION) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw validation(value, "durationSeconds", "Member must have value between %d and %d".formatted(MIN_DURATION, MAX_DURATION));
    }

    private static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw new AwsError(400, "MissingParameter", "The request must contain the parameter " + name);
        }
        return value;
    }

    private static AwsError validation(String value, String member, String constraint) {
        return new AwsError(400, "ValidationError", "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: %s"
                .formatted(value, member, constraint));
    }

    private static String random(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getEncoder().withoutPadding().encodeToString(random);
    }

    private static StringBuilder start(String action) {
        return new StringBuilder("<").append(action).append("Response xmlns=\"").append(NAMESPACE).append("\">");
    }

    private static SimResponse end(StringBuilder xml, String action) {
        xml.append("<ResponseMetadata>").append(element("RequestId", UUID.randomUUID().toString())).append("</ResponseMetadata></")
                .append(action).append("Response>");
        return SimResponse.of(200, CONTENT_TYPE, xml.toString());
    }

    @Override
    public SimResponse error(AwsError error) {
        String type = error.status() >= 500 ? "Receiver" : "Sender";
        String body = "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error>" + element("Type", type) + element("Code", error.code())
                + element("Message", error.getMessage()) + "</Error>" + element("RequestId", UUID.randomUUID().toString())
                + "</ErrorResponse>";
        return SimResponse.of(error.status(), CONTENT_TYPE, body);
    }

    private static String element(String name, String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
        return "<" + name + ">" + escaped + "</" + name + ">";
    }
}
