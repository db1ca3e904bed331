package dev.polycsi.ebs.cloud;

import dev.polycsi.spi.CsiException.Code;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * ListSnapshots tokens. EC2's own token passes through unchanged; only when a page had to be cut
 * (CSI asked for fewer than EC2's minimum of 5) does the token become ours: EC2's token of that
 * page plus how many of its items were returned already.
 */
final class SnapshotTokens {

    private static final String PREFIX = "polycsi1:";

    record Position(Optional<String> ec2Token, int skip) {}

    private SnapshotTokens() {
    }

    static Position parse(String token) {
        if (token == null || token.isEmpty()) {
            return new Position(Optional.empty(), 0);
        }
        if (!token.startsWith(PREFIX)) {
            return new Position(Optional.of(token), 0);
        }
        try {
            String body = new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())), StandardCharsets.UTF_8);
            int bar = body.indexOf('|');
            int skip = Integer.parseInt(body.substring(0, bar));
            String ec2 = body.substring(bar + 1);
            return new Position(ec2.isEmpty() ? Optional.empty() : Optional.of(ec2), skip);
        } catch (RuntimeException e) {
            throw new EbsCloudException(Code.ABORTED, "", "invalid ListSnapshots token: " + token, e);
        }
    }

    static String format(Position position) {
        String body = position.skip() + "|" + position.ec2Token().orElse("");
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(body.getBytes(StandardCharsets.UTF_8));
    }
}
