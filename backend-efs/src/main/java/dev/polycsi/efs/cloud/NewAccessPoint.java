package dev.polycsi.efs.cloud;

import java.util.Map;

/** A CreateAccessPoint: POSIX user uid:gid, and a root directory created as uid:gid with {@code permissions}. */
public record NewAccessPoint(String fileSystemId, String clientToken, long uid, long gid, String rootDirectory, String permissions,
        Map<String, String> tags) {

    public NewAccessPoint {
        tags = Map.copyOf(tags);
    }
}
