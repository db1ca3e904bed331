package dev.polycsi.examples.hostpath;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Volume and snapshot ids.
 *
 * <p>An id is derived from the CSI name rather than drawn at random: a CreateVolume retried
 * after a timeout or a driver restart then lands on the same directory, which is how this
 * backend is idempotent without keeping a name index.
 *
 * <p>Ids also become path names, and a volume handle can be typed by a user into a static
 * PersistentVolume. Every id that comes in from outside is therefore checked against the
 * format below before it is used in a path, so that {@code hostpath:../../etc} is simply an
 * unknown volume.
 */
final class Ids {

    /** 16 hex digits (64 bits of the hash) make a collision between two names practically impossible. */
    static final Pattern VOLUME = Pattern.compile("hp-[0-9a-f]{16}");
    static final Pattern SNAPSHOT = Pattern.compile("hps-[0-9a-f]{16}");

    private Ids() {
    }

    static String volumeId(String name) {
        return "hp-" + hash(name);
    }

    static String snapshotId(String name) {
        return "hps-" + hash(name);
    }

    private static String hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            // Every Java runtime must provide SHA-256.
            throw new IllegalStateException(e);
        }
    }
}
