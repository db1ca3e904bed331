package dev.polycsi.bench;

import static dev.polycsi.bench.ManifestYaml.map;
import static dev.polycsi.bench.ManifestYaml.polycsiContainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What deploy/ ships for the controller, read from {@code deploy/kubernetes/base/controller.yaml}
 * rather than copied (as {@link ShippedNode} reads node.yaml): the polycsi container's JVM flags
 * (its {@code JDK_JAVA_OPTIONS}, {@code JAVA_TOOL_OPTIONS} or {@code _JAVA_OPTIONS}), its
 * arguments and its memory request and limit.
 *
 * @param optionsVariable the environment variable the flags are in, as the pod sets it
 * @param flags           the JVM flags, split on white space as the java launcher splits them
 * @param args            the container's arguments ({@code controller --endpoint=… …})
 * @param imageCache      the {@code -XX:AOTCache=} file in the image, if the flags name one
 * @param memoryRequest   {@code resources.requests.memory} as written, e.g. {@code 160Mi}
 * @param memoryLimit     {@code resources.limits.memory} as written
 */
record ControllerManifest(Path yaml, String optionsVariable, List<String> flags, List<String> args, Optional<String> imageCache,
                          Optional<String> memoryRequest, Optional<String> memoryLimit) {

    static final String AOT_CACHE = ManifestYaml.AOT_CACHE;

    static ControllerManifest read(Path repo) throws IOException {
        Path yaml = repo.resolve("deploy/kubernetes/base/controller.yaml");
        Map<String, Object> container = polycsiContainer(yaml);
        ManifestYaml.Launch launch = ManifestYaml.launch(yaml, container, "controller");
        Map<String, Object> resources = container.get("resources") == null ? Map.of() : map(container.get("resources"));
        return new ControllerManifest(yaml, launch.optionsVariable(), launch.flags(), launch.args(), launch.aotCache(),
                memory(resources, "requests"), memory(resources, "limits"));
    }

    /** The flags with the image's cache replaced by {@code cache}. */
    List<String> flagsWithCache(Path cache) {
        return flags.stream().map(f -> f.startsWith(AOT_CACHE) ? AOT_CACHE + cache : f).toList();
    }

    /** The flags without the AOT cache (its {@code -Xlog:aot*} setting stays: it only sets what is logged). */
    List<String> flagsWithoutCache() {
        return flags.stream().filter(f -> !f.startsWith(AOT_CACHE)).toList();
    }

    /** The container's arguments, serving on {@code socket} instead of the pod's shared directory. */
    List<String> args(Path socket) {
        return args.stream().map(arg -> local(arg, socket)).toList();
    }

    /** A container argument for a run on this machine: CSI on {@code socket}, metrics (still served) on a free loopback port. */
    static String local(String arg, Path socket) {
        if (arg.startsWith("--endpoint=")) {
            return "--endpoint=unix://" + socket;
        }
        if (arg.startsWith("--metrics-address=") || arg.startsWith("--http-endpoint=")) {
            return "--metrics-address=127.0.0.1:0";
        }
        return arg;
    }

    /** A Kubernetes quantity in MiB (Mi, Gi, M, G or bytes), if it is one of those. */
    static Optional<Double> mebibytes(String quantity) {
        String q = quantity.strip();
        try {
            if (q.endsWith("Mi")) {
                return Optional.of(Double.parseDouble(q.substring(0, q.length() - 2)));
            } else if (q.endsWith("Gi")) {
                return Optional.of(Double.parseDouble(q.substring(0, q.length() - 2)) * 1024);
            } else if (q.endsWith("M")) {
                return Optional.of(Double.parseDouble(q.substring(0, q.length() - 1)) * 1e6 / 1048576);
            } else if (q.endsWith("G")) {
                return Optional.of(Double.parseDouble(q.substring(0, q.length() - 1)) * 1e9 / 1048576);
            }
            return Optional.of(Double.parseDouble(q) / 1048576);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> memory(Map<String, Object> resources, String kind) {
        Object section = resources.get(kind);
        return section == null ? Optional.empty() : Optional.ofNullable(map(section).get("memory")).map(String::valueOf);
    }
}
