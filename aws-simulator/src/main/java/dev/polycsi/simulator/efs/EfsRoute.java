package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.http.AwsError;
import dev.polycsi.simulator.http.SimRequest;
import java.util.Optional;

/**
 * Which EFS action a REST request is, from its method and path, e.g.
 * {@code DELETE /2015-02-01/access-points/fsap-…} → DeleteAccessPoint with that id.
 *
 * @param resourceId the decoded path parameter, if the path has one
 */
record EfsRoute(String action, Optional<String> resourceId) {

    static final String PREFIX = "/" + EfsService.API_VERSION + "/";

    static EfsRoute of(SimRequest request) {
        String[] segments = request.path().substring(PREFIX.length()).split("/", -1);
        Optional<String> resourceId = segments.length == 2 && !segments[1].isEmpty()
                ? Optional.of(QueryString.decode(segments[1]))
                : Optional.empty();
        String pattern = request.method() + " " + segments[0] + (resourceId.isPresent() ? "/{id}" : "");
        String action = segments.length > 2 ? "" : switch (pattern) {
            case "POST file-systems" -> "CreateFileSystem";
            case "GET file-systems" -> "DescribeFileSystems";
            case "DELETE file-systems/{id}" -> "DeleteFileSystem";
            case "POST access-points" -> "CreateAccessPoint";
            case "GET access-points" -> "DescribeAccessPoints";
            case "DELETE access-points/{id}" -> "DeleteAccessPoint";
            case "GET mount-targets" -> "DescribeMountTargets";
            case "DELETE mount-targets/{id}" -> "DeleteMountTarget";
            case "POST resource-tags/{id}" -> "TagResource";
            case "DELETE resource-tags/{id}" -> "UntagResource";
            case "GET resource-tags/{id}" -> "ListTagsForResource";
            default -> "";
        };
        if (action.isEmpty()) {
            throw new AwsError(400, "BadRequest",
                    "The EFS simulator does not implement " + request.method() + " " + request.path() + ".");
        }
        return new EfsRoute(action, resourceId);
    }

    String id() {
        return resourceId.orElseThrow();
    }
}
