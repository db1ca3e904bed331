package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The StorageClass parameters of hostpath volumes, and what they do to a volume's directory.
 *
 * <p>The factory declares {@link #SCHEMA}; the core parses StorageClass parameters against it
 * before the backend sees them, so unknown keys and bad values never reach
 * {@link #from(Parameters)}. The same schema prints the parameter reference, which is why each
 * parameter carries its description.
 *
 * @param mode the permission bits of the volume's top directory, e.g. {@code 0777}; empty to keep them
 * @param uid  the owner to give the top directory; empty to keep it
 * @param gid  the group to give the top directory; empty to keep it
 */
record DirectorySettings(Optional<Integer> mode, Optional<Integer> uid, Optional<Integer> gid) {

    /** Kept as text so that the default reads {@code 0777}, not 511, in the generated docs. */
    static final Parameter<String> DIRECTORY_PERMS = Parameter.matching("directoryPerms",
            "Permission bits of the volume's top directory, in octal; a 4th leading digit sets setuid/setgid/sticky.",
            "[0-7]{3,4}", "3 or 4 octal digits, e.g. 0770 or 2775")
            .withDefault("0777");

    static final Parameter<Long> UID = Parameter.integer("uid",
            "Owner (numeric user id) of the volume's top directory; changing it needs the driver to run as root. Unset: the driver's user.",
            0, Integer.MAX_VALUE);

    static final Parameter<Long> GID = Parameter.integer("gid",
            "Group (numeric group id) of the volume's top directory. Unset: the driver's group.",
            0, Integer.MAX_VALUE);

    static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .add(DIRECTORY_PERMS)
            .add(UID)
            .add(GID)
            .build();

    /** Leaves a directory as it is; used for snapshots, which keep the attributes of their source. */
    static final DirectorySettings KEEP = new DirectorySettings(Optional.empty(), Optional.empty(), Optional.empty());

    static DirectorySettings from(Parameters parameters) {
        return new DirectorySettings(
                Optional.of(Integer.parseInt(parameters.get(DIRECTORY_PERMS), 8)),
                parameters.find(UID).map(Long::intValue),
                parameters.find(GID).map(Long::intValue));
    }

    void applyTo(Path dir) throws IOException {
        // Owner first: changing the owner clears the setuid and setgid bits that the mode may set.
        if (uid.isPresent()) {
            Files.setAttribute(dir, "unix:uid", uid.get());
        }
        if (gid.isPresent()) {
            Files.setAttribute(dir, "unix:gid", gid.get());
        }
        // Set the mode explicitly even though the directory was just created with defaults:
        // the process umask (typically 022) would otherwise remove group and other write access.
        if (mode.isPresent()) {
            Files.setAttribute(dir, "unix:mode", mode.get());
        }
    }
}
