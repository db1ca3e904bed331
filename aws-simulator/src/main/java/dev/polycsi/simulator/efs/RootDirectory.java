package dev.polycsi.simulator.efs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The directory of the file system that an access point exposes as {@code /}.
 *
 * @param path absolute, 1 to 100 characters and at most 4 directories deep, as EFS requires; EFS
 *             refuses anything else with a ValidationException that quotes the violated constraints
 */
record RootDirectory(String path, Optional<CreationInfo> creationInfo) {

    static final int MAX_LENGTH = 100;
    /** EFS's documented pattern for RootDirectory.Path, as its ValidationException quotes it. */
    static final String PATTERN_TEXT = "^(\\/|(\\/(?!\\.)+[^$#<>;`|&?{}^*/\\n]+){1,4})$";
    private static final Pattern PATH = Pattern.compile(PATTERN_TEXT);

    /** The whole file system; declared after the pattern, which the constructor reads. */
    static final RootDirectory FILE_SYSTEM_ROOT = new RootDirectory("/", Optional.empty());

    RootDirectory {
        List<String> violated = new ArrayList<>();
        String value = "Value '" + path + "' at 'rootDirectory.path' failed to satisfy constraint: ";
        if (path.isEmpty()) {
            violated.add(value + "Member must have length greater than or equal to 1");
        }
        if (path.length() > MAX_LENGTH) {
            violated.add(value + "Member must have length less than or equal to " + MAX_LENGTH);
        }
        if (!PATH.matcher(path).matches()) {
            violated.add(value + "Member must satisfy regular expression pattern: " + PATTERN_TEXT);
        }
        if (!violated.isEmpty()) {
            throw EfsError.validation(violated);
        }
    }
}
