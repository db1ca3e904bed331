package dev.polycsi.efs.cloud;

import java.util.Map;
import java.util.Optional;

/**
 * An EFS access point as DescribeAccessPoints shows it.
 *
 * @param uid           the POSIX user's uid, empty if the access point enforces none
 * @param permissions   the CreationInfo's octal mode, empty without CreationInfo
 * @param rootDirectory absolute path in the file system
 */
public record AccessPoint(String id, String fileSystemId, String clientToken, Optional<Long> uid, Optional<Long> gid,
        String rootDirectory, Optional<Long> ownerUid, Optional<Long> ownerGid, Optional<String> permissions,
        Map<String, String> tags, String lifeCycleState) {

    public AccessPoint {
        tags = Map.copyOf(tags);
    }
}
