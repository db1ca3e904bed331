package dev.polycsi.deploy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One Kubernetes object as parsed YAML, with typed look-ups that fail naming the path. */
record K8sObject(Map<String, Object> fields, String source) {

    String kind() {
        return string(fields, "kind");
    }

    String apiVersion() {
        return string(fields, "apiVersion");
    }

    String name() {
        return string(metadata(), "name");
    }

    Optional<String> namespace() {
        return Optional.ofNullable((String) metadata().get("namespace"));
    }

    Map<String, Object> metadata() {
        return map(fields, "metadata");
    }

    Map<String, Object> spec() {
        return map(fields, "spec");
    }

    boolean is(String kind) {
        return kind().equals(kind);
    }

    @Override
    public String toString() {
        return kind() + "/" + name();
    }

    /** The pod template's spec of a Deployment or DaemonSet. */
    Map<String, Object> podSpec() {
        return map(map(spec(), "template"), "spec");
    }

    Map<String, Object> podLabels() {
        return map(map(map(spec(), "template"), "metadata"), "labels");
    }

    List<Map<String, Object>> containers() {
        return maps(podSpec(), "containers");
    }

    Map<String, Object> container(String name) {
        return findContainer(name).orElseThrow(() -> new AssertionError(this + " has no container " + name));
    }

    Optional<Map<String, Object>> findContainer(String name) {
        return containers().stream().filter(c -> name.equals(c.get("name"))).findFirst();
    }

    static String string(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof String s)) {
            throw new AssertionError("'" + key + "' is not a string in " + map);
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError("'" + key + "' is not a mapping in " + map);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mapOrEmpty(Map<String, Object> map, String key) {
        return map.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?>)) {
            throw new AssertionError("'" + key + "' is not a list in " + map);
        }
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? List.of() : ((List<Object>) value).stream().map(String::valueOf).toList();
    }

    /** A container's {@code --name=value} argument, if given. */
    static Optional<String> flag(Map<String, Object> container, String name) {
        return strings(container, "args").stream()
                .filter(a -> a.startsWith(name + "="))
                .map(a -> a.substring(name.length() + 1))
                .reduce((first, second) -> {
                    throw new AssertionError(container.get("name") + " gives " + name + " twice");
                });
    }

    static boolean hasArg(Map<String, Object> container, String arg) {
        return strings(container, "args").contains(arg);
    }

    private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    /**
     * A container's arguments as the kubelet passes them: each {@code $(NAME)} of a variable in
     * the container's env replaced by its value, {@code $$} by {@code $}. A variable's
     * {@code fieldRef} takes its value from {@code fields} (e.g. {@code status.podIP}); a
     * reference to no variable stays as written, as it does in Kubernetes.
     */
    static List<String> expandedArgs(Map<String, Object> container, Map<String, String> fields) {
        Map<String, String> env = new HashMap<>();
        for (Map<String, Object> variable : maps(container, "env")) {
            String name = string(variable, "name");
            if (variable.get("value") instanceof String value) {
                env.put(name, value);
            } else {
                String path = string(map(map(variable, "valueFrom"), "fieldRef"), "fieldPath");
                String value = fields.get(path);
                if (value == null) {
                    throw new AssertionError(container.get("name") + ": no example value for " + name + " (fieldRef " + path + ")");
                }
                env.put(name, value);
            }
        }
        return strings(container, "args").stream().map(arg -> VARIABLE_REFERENCE.matcher(arg).replaceAll(m -> {
            String replacement = m.group().equals("$$") ? "$" : env.getOrDefault(m.group(1), m.group());
            return Matcher.quoteReplacement(replacement);
        })).toList();
    }
}
