package dev.polycsi.simulator.efs;

import dev.polycsi.spi.CsiException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A network mount as the node would run it, taken apart: the server ({@code fs-…}, an EFS DNS
 * name or a mount target address), the path on it, and the {@code accesspoint=} option.
 *
 * @param path absolute, {@code /} when the source names none
 */
record MountRequest(String server, String path, Optional<String> accessPointId) {

    /** {@code fs-…[:/path]} or {@code host:/path}; options as given to {@code -o}, one or several per element. */
    static MountRequest parse(String source, List<String> options) {
        int colon = source.indexOf(':');
        String server = colon < 0 ? source : source.substring(0, colon);
        String path = colon < 0 || colon == source.length() - 1 ? "/" : source.substring(colon + 1);
        if (server.isEmpty() || !path.startsWith("/")) {
            throw CsiException.invalidArgument("mount source '%s' is not server:/path", source);
        }
        Optional<String> accessPointId = options.stream()
                .flatMap(option -> Stream.of(option.split(",")))
                .map(String::strip)
                .filter(option -> option.startsWith("accesspoint="))
                .map(option -> option.substring("accesspoint=".length()))
                .reduce((first, second) -> {
                    throw CsiException.invalidArgument("mount options name more than one access point: %s", options);
                });
        accessPointId.filter(id -> !EfsIds.isAccessPointId(id)).ifPresent(id -> {
            throw CsiException.invalidArgument("accesspoint=%s is not an access point id", id);
        });
        return new MountRequest(server, path, accessPointId);
    }
}
