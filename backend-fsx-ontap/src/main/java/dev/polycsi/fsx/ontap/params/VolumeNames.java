package dev.polycsi.fsx.ontap.params;

import dev.polycsi.aws.idempotency.ClientTokens;
import java.util.regex.Pattern;

/**
 * ONTAP names for CSI volumes, and where they are mounted in the SVM's namespace.
 *
 * <p>ONTAP volume names take letters, digits and underscores, start with a letter or an
 * underscore, and FSx takes at most 203 characters. A CSI name made of letters, digits and
 * hyphens that starts with a letter, as the external-provisioner's {@code pvc-<uuid>}, only has
 * its hyphens turned into underscores ({@code pvc_<uuid>}, as Trident names them). Any other name
 * has every other character turned into an underscore, an underscore put in front of a leading
 * digit, and is cut to fit; it then ends in {@code _} and the first {@value #HASH_LENGTH} hex
 * digits of the SHA-256 of the CSI name, so that names the mapping would merge stay apart. A
 * name that already has underscores counts as one of those: {@code a_b} would otherwise become
 * the same volume as {@code a-b}.
 */
public final class VolumeNames {

    /** FSx's longest volume name. */
    public static final int MAX_LENGTH = 203;
    static final int HASH_LENGTH = 10;

    /** Names that map to ONTAP's alphabet one to one: every underscore of the result was a hyphen. */
    private static final Pattern ONE_TO_ONE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0," + (MAX_LENGTH - 1) + "}");

    private VolumeNames() {
    }

    /** The ONTAP volume name for the CSI volume {@code csiName}; the same name always gives the same ONTAP name. */
    public static String ontapName(String csiName) {
        StringBuilder mapped = new StringBuilder();
        csiName.codePoints().forEach(c -> mapped.append(isLegal(c) ? (char) c : '_'));
        if (ONE_TO_ONE.matcher(csiName).matches()) {
            return mapped.toString();
        }
        if (mapped.isEmpty() || Character.isDigit(mapped.charAt(0))) {
            mapped.insert(0, '_');
        }
        String suffix = "_" + ClientTokens.sha256(csiName).substring(0, HASH_LENGTH);
        mapped.setLength(Math.min(mapped.length(), MAX_LENGTH - suffix.length()));
        return mapped + suffix;
    }

    private static boolean isLegal(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /**
     * Where the volume is mounted: {@code prefix} (a {@code junctionPathPrefix}: {@code /} or an
     * absolute path without a trailing slash) and the ONTAP name below it.
     */
    public static String junctionPath(String prefix, String ontapName) {
        return prefix.equals("/") ? "/" + ontapName : prefix + "/" + ontapName;
    }
}
