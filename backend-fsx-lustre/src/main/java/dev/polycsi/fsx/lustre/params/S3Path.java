package dev.polycsi.fsx.lustre.params;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code s3://bucket[/prefix]} as FSx takes ImportPath and ExportPath. */
final class S3Path {

    /**
     * An S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens) and an optional
     * prefix; FSx's ArchivePath also forbids line breaks and caps the whole at 4357 characters.
     */
    static final Pattern PATTERN = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/[^\\r\\n\\u0000\\u0085\\u2028\\u2029]*)?");
    static final int MAX_LENGTH = 4357;
    static final String ALLOWED = "s3://BUCKET or s3://BUCKET/PREFIX";

    private S3Path() {
    }

    static String decode(String value) {
        if (value.length() > MAX_LENGTH || !PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException(); // Parameter.decode says what is allowed
        }
        return value;
    }

    static String bucket(String path) {
        Matcher matcher = PATTERN.matcher(path);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not an S3 path: " + path);
        }
        return matcher.group(1);
    }
}
