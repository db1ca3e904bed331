package dev.polycsi.efs.cloud;

import java.util.Optional;

/** An EFS file system; {@code zone} is set for One Zone file systems. */
public record FileSystem(String id, String lifeCycleState, Optional<String> zone) {}
