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

    private ManifestYaml() {
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
