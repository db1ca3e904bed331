package dev.polycsi.efs.mount;

import java.util.List;

/** One {@code mount -t efs -o <options> <source> <target>}, as the EFS mount helper (amazon-efs-utils) takes it. */
public record EfsMount(String source, List<String> options) {

    public static final String TYPE = "efs";

    public EfsMount {
        options = List.copyOf(options);
    }
}
