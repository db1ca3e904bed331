package dev.polycsi.simulator.http;

import dev.polycsi.simulator.SimulatorConfig;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which account a request comes from. The simulator checks that requests are signed but not the
 * signatures, so it cannot look keys up the way AWS does; instead, the temporary credentials its
 * STS hands out carry their account in the access key id ({@code ASIA} + the 12 digits of the
 * account + 4 hex digits, 20 characters like AWS's), and every other key (the static keys of
 * {@code --simulate}, anything else) is the simulated account {@link SimulatorConfig#ACCOUNT_ID}.
 */
public final class Caller {

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Z0-9]+)/");
    private static final Pattern TEMPORARY_KEY = Pattern.compile("ASIA(\\d{12})[0-9A-F]{4}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Caller() {
    }

    /** The account of the access key id the request is signed with. */
    public static String accountOf(SimRequest request) {
        return accountOfKey(accessKeyIdOf(request));
    }

    /** The access key id of a SigV4 Authorization header; empty if the request is not signed. */
    public static String accessKeyIdOf(SimRequest request) {
        String authorization = request.header("authorization");
        if (authorization == null) {
            return "";
        }
        Matcher m = CREDENTIAL.matcher(authorization);
        return m.find() ? m.group(1) : "";
    }

    public static String accountOfKey(String accessKeyId) {
        Matcher m = TEMPORARY_KEY.matcher(accessKeyId);
        return m.matches() ? m.group(1) : SimulatorConfig.ACCOUNT_ID;
    }

    /** A new temporary access key id of {@code account}, as STS hands out. */
    public static String temporaryAccessKeyId(String account) {
        byte[] random = new byte[2];
        RANDOM.nextBytes(random);
        return "ASIA" + account + HexFormat.of().withUpperCase().formatHex(random);
    }
}
