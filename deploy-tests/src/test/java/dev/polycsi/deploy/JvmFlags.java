package dev.polycsi.deploy;

import static dev.polycsi.deploy.K8sObject.maps;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JVM flags a workload gives polycsi (JDK_JAVA_OPTIONS), and the ones the README recommends. */
final class JvmFlags {

    static final String VARIABLE = "JDK_JAVA_OPTIONS";
    private static final Pattern README_NODE_FLAGS = Pattern.compile("Recommended for the node: `([^`]+)`");
    private static final Pattern README_CONTROLLER_FLAGS = Pattern.compile("Recommended for the controller: `([^`]+)`");

    private JvmFlags() {
    }

    static List<String> of(K8sObject workload) {
        Map<String, Object> polycsi = workload.container(Installation.POLYCSI);
        String value = maps(polycsi, "env").stream().filter(e -> VARIABLE.equals(e.get("name")))
                .map(e -> K8sObject.string(e, "value")).findFirst()
                .orElseThrow(() -> new AssertionError(workload + ": polycsi gets its JVM flags through " + VARIABLE));
        return split(value);
    }

    /** README.md "Start-up and memory": the flags recommended for the node. */
    static List<String> readmeNodeFlags() {
        Matcher matcher = README_NODE_FLAGS.matcher(Repo.read(Repo.root().resolve("README.md")));
        if (!matcher.find()) {
            throw new AssertionError("README.md no longer says 'Recommended for the node: `…`'");
        }
        return split(matcher.group(1));
    }

    /** README.md "Start-up and memory": the flags recommended for the controller. */
    static List<String> readmeControllerFlags() {
        Matcher matcher = README_CONTROLLER_FLAGS.matcher(Repo.read(Repo.root().resolve("README.md")));
        if (!matcher.find()) {
            throw new AssertionError("README.md no longer says 'Recommended for the controller: `…`'");
        }
        return split(matcher.group(1));
    }

    static List<String> split(String flags) {
        return Arrays.stream(flags.trim().split("\\s+")).filter(f -> !f.isEmpty()).toList();
    }
}
