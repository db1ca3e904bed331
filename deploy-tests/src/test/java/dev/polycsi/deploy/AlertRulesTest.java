package dev.polycsi.deploy;

import static dev.polycsi.deploy.K8sObject.maps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Prometheus's own tool on the alerts and the dashboard: the example alerts fire on the cases of
 * alerts-test.yaml and on no others (ABORTED and NodeGetVolumeStats' NOT_FOUND left out, a single
 * mount failure ignored, …), and every dashboard query is PromQL that Prometheus parses. Skipped
 * where promtool (Debian's prometheus package) is not on the PATH; MonitoringTest's name checks
 * run everywhere.
 */
class AlertRulesTest {

    @Test
    void alertsFireOnTheirCasesOnly(@TempDir Path dir) throws Exception {
        Path promtool = requirePromtool();
        Map<String, Object> spec = MonitoringTest.prometheusRule().spec();
        // The cases check labels; the annotations' wording is the README's business.
        maps(spec, "groups").forEach(group -> maps(group, "rules").forEach(rule -> rule.remove("annotations")));
        Files.writeString(dir.resolve("rules.yaml"), yaml().dump(spec));
        Path cases = dir.resolve("alerts-test.yaml");
        try (InputStream in = AlertRulesTest.class.getResourceAsStream("/alerts-test.yaml")) {
            Files.copy(in, cases);
        }
        JvmFlagsTest.Result result = JvmFlagsTest.run(List.of(promtool.toString(), "test", "rules", cases.toString()));
        assertEquals(0, result.exit(), "promtool test rules:\n" + result.output());
    }

    @Test
    void dashboardQueriesParse(@TempDir Path dir) throws Exception {
        Path promtool = requirePromtool();
        List<Map<String, Object>> rules = new ArrayList<>();
        for (String expr : MonitoringTest.dashboardQueries().keySet()) {
            // Grafana fills these in before Prometheus sees the query.
            String filled = expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h")
                    .replace("$backend", ".*").replace("$instance", ".*");
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("record", "dashboard_query_" + rules.size());
            rule.put("expr", filled);
            rules.add(rule);
        }
        Path file = dir.resolve("dashboard.yaml");
        Files.writeString(file, yaml().dump(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));
        JvmFlagsTest.Result result = JvmFlagsTest.run(List.of(promtool.toString(), "check", "rules", file.toString()));
        assertEquals(0, result.exit(), "promtool check rules on the dashboard's queries:\n" + result.output());
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options);
    }

    private static Path requirePromtool() {
        var promtool = Repo.onPath("promtool");
        assumeTrue(promtool.isPresent(), "promtool is not on the PATH (apt-get install prometheus): the alerts' cases and the "
                + "dashboard's PromQL are not run here (MonitoringTest still checks every name in them)");
        return promtool.orElseThrow();
    }
}
