package dev.polycsi.simulator.efs;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The directory of the file system that an access point exposes as {@code /}.
 *
 * @param path absolute, at most 100 characters and 4 levels deep, as EFS requires
 */
record RootDirectory(String path, Optional<CreationInfo> creationInfo) {

    private static final int MAX_LENGTH = 100;
    private static final Pattern PATH = Pattern.compile("^(/|(/(?!\\.)[^$#<>;`|&?{}^*/\\n]+){1,4})$");

    /** The whole file system; declared after the pattern, which the constructor reads. */
    static final RootDirectory FILE_SYSTEM_ROOT = new RootDirectory("/", Optional.empty());

    RootDirectory {
        if (path.isEmpty() || path.length() > MAX_LENGTH || !PATH.matcher(path).matches()) {
            throw EfsError.badRequest("RootDirectory Path '%s' must be an absolute path of at most %d characters"
                    + " and 4 subdirectories.", path, MAX_LENGTH);
        }
    }
}
