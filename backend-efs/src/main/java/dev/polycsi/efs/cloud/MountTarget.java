package dev.polycsi.efs.cloud;

/** A mount target: where in a zone the file system is reachable. */
public record MountTarget(String id, String fileSystemId, String zone, String zoneId, String ipAddress, String lifeCycleState) {}
