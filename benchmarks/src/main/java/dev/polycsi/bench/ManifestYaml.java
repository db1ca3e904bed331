package dev.polycsi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The polycsi container of a workload manifest in deploy/ (node.yaml, controller.yaml), read as YAML. */
final class ManifestYaml {

    private static final List<String> OPTION_VARIABLES = List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS");
    static final String AOT_CACHE = "-XX:AOTCache=";

    private ManifestYaml() {
    }

    /** How a workload starts polycsi: the JVM options variable it sets, its flags, and its arguments. */
    record Launch(String optionsVariable, List<String> flags, List<String> args) {

        /** The AOT cache the flags name (the JVM takes the last one). */
        Optional<String> aotCache() {
            return flags.stream().filter(f -> f.startsWith(AOT_CACHE)).map(f -> f.substring(AOT_CACHE.length())).reduce((a, b) -> b);
        }
    }

    /** The polycsi container's launch, whose arguments must start with {@code role}. */
    static Launch launch(Path yaml, Map<String, Object> container, String role) {
        String variable = null;
        String value = null;
        for (Object item : list(container.get("env"))) {
            Map<String, Object> env = map(item);
            if (OPTION_VARIABLES.contains(String.valueOf(env.get("name")))) {
                variable = (String) env.get("name");
                value = String.valueOf(env.get("value"));
            }
        }
        if (variable == null) {
            throw new IllegalStateException(yaml + ": the polycsi container sets none of " + OPTION_VARIABLES);
        }
        List<String> args = list(container.get("args")).stream().map(String::valueOf).toList();
        if (args.isEmpty() || !args.getFirst().equals(role)) {
            throw new IllegalStateException(yaml + ": the polycsi container's arguments do not start with '" + role + "': " + args);
        }
        return new Launch(variable, List.of(value.strip().split("\\s+")), args);
    }

    static Map<String, Object> polycsiContainer(Path yaml) throws IOException {
        Object document = new Yaml(new LoaderOptions()).load(Files.readString(yaml));
        Map<String, Object> podSpec = Optional.of(map(document))
                .map(d -> map(d.get("spec"))).map(s -> map(s.get("template"))).map(t -> map(t.get("spec")))
                .orElseThrow();
        for (Object item : list(podSpec.get("containers"))) {
            Map<String, Object> container = map(item);
            if ("polycsi".equals(container.get("name"))) {
                return container;
            }
        }
        throw new IllegalStateException(yaml + ": no container named polycsi");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalStateException("not a YAML mapping: " + o);
        }
        return (Map<String, Object>) o;
    }

    static List<Object> list(Object o) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l)) {
            throw new IllegalStateException("not a YAML list: " + o);
        }
        return new ArrayList<>(l);
    }
}
