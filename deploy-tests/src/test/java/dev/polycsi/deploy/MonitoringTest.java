package dev.polycsi.deploy;

import static dev.polycsi.deploy.K8sObject.map;
import static dev.polycsi.deploy.K8sObject.maps;
import static dev.polycsi.deploy.K8sObject.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * The Grafana dashboard (deploy/monitoring), the example alerts (the prometheus-operator
 * overlay's PrometheusRule, shown again in README.md) and the README's metric table name only
 * metric families and labels polycsi serves (ServedMetrics), and the dashboard is one Grafana
 * imports: a datasource variable, backend and instance variables every query filters by, and
 * panels that do not overlap.
 */
class MonitoringTest {

    static final Path DASHBOARD = Repo.deploy("monitoring/grafana-dashboard.json");
    private static final Set<String> GRAFANA_VARIABLES = Set.of("__rate_interval", "__interval", "__range");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)");
    private static final Pattern SELECTION = Pattern.compile("(?<![\\w:])((?:polycsi|jvm|process)_[a-zA-Z0-9_:]*)(\\{[^{}]*})?");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*(\\w+)\\s*\\)");
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(polycsi_\\w+)` \\| (\\w+) \\| ([^|]*) \\|", Pattern.MULTILINE);
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");

    // --- the dashboard -------------------------------------------------------------------

    @Test
    void dashboardIsOneGrafanaImports() {
        Map<String, JsonNode> dashboard = dashboard();
        for (String key : List.of("title", "uid")) {
            assertFalse(dashboard.get(key).asString().isBlank(), key);
        }
        assertTrue(Integer.parseInt(dashboard.get("schemaVersion").asNumber()) >= 36, "schemaVersion of Grafana 9 or later");
        Map<String, Map<String, JsonNode>> variables = variables();
        assertEquals("datasource", variables.get("datasource").get("type").asString());
        assertEquals("prometheus", variables.get("datasource").get("query").asString());
        for (String name : List.of("backend", "instance")) {
            Map<String, JsonNode> variable = variables.get(name);
            assertTrue(variable != null, "a " + name + " variable");
            assertEquals("query", variable.get("type").asString(), name);
            assertEquals("${datasource}", variable.get("datasource").asObject().get("uid").asString(), name + " queries the chosen data source");
            assertTrue(variable.get("multi").asBoolean() && variable.get("includeAll").asBoolean(), name + ": several values, or all");
        }

        Set<Integer> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        for (Map<String, JsonNode> panel : panels()) {
            String title = panel.get("title").asString();
            assertTrue(ids.add(Integer.parseInt(panel.get("id").asNumber())), "panel ids are unique: " + title);
            Map<String, JsonNode> grid = panel.get("gridPos").asObject();
            int x = integer(grid, "x");
            int y = integer(grid, "y");
            int w = integer(grid, "w");
            int h = integer(grid, "h");
            assertTrue(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24, title + ": within Grafana's 24 columns " + grid);
            for (int i = x; i < x + w; i++) {
                for (int j = y; j < y + h; j++) {
                    assertTrue(cells.add(i + "," + j), title + " overlaps another panel at " + i + "," + j);
                }
            }
            if (panel.get("type").asString().equals("row")) {
                continue;
            }
            assertTrue(Set.of("timeseries", "table", "stat", "bargauge", "gauge").contains(panel.get("type").asString()), title);
            assertEquals("${datasource}", panel.get("datasource").asObject().get("uid").asString(), title + ": the chosen data source");
            List<JsonNode> targets = panel.get("targets").asArray();
            assertFalse(targets.isEmpty(), title + ": no query");
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : targets) {
                Map<String, JsonNode> t = target.asObject();
                assertTrue(refIds.add(t.get("refId").asString()), title + ": refIds are unique");
                assertEquals("${datasource}", t.get("datasource").asObject().get("uid").asString(), title);
                assertFalse(t.get("expr").asString().isBlank(), title);
            }
        }
    }

    @Test
    void dashboardQueriesUseOnlyItsVariables() {
        Set<String> defined = variables().keySet();
        for (String expr : dashboardQueries().keySet()) {
            Matcher variable = VARIABLE.matcher(expr);
            while (variable.find()) {
                String name = variable.group(1);
                assertTrue(defined.contains(name) || GRAFANA_VARIABLES.contains(name), "undefined variable $" + name + " in: " + expr);
            }
        }
    }

    /** Every selection filters by the instance variable, and by the backend one where the family has that label. */
    @Test
    void dashboardQueriesFilterByBackendAndInstance() {
        Map<String, ServedMetrics.Family> documented = ServedMetrics.documentedByName();
        for (var query : dashboardQueries().entrySet()) {
            Matcher selection = SELECTION.matcher(query.getKey());
            while (selection.find()) {
                String matchers = selection.group(2) == null ? "" : selection.group(2);
                String where = query.getValue() + ": " + selection.group();
                assertTrue(matchers.contains("instance=~\"$instance\""), where + " does not filter by $instance");
                ServedMetrics.Family family = familyOf(selection.group(1), documented);
                if (family.labels().contains("backend")) {
                    assertTrue(matchers.contains("backend=~\"$backend\""), where + " does not filter by $backend");
                }
            }
        }
    }

    @Test
    void dashboardShowsEveryPolycsiFamily() {
        Set<String> shown = new TreeSet<>();
        dashboardQueries().keySet().forEach(expr -> PromQl.metricNames(expr)
                .forEach(sample -> shown.add(familyOf(sample, ServedMetrics.documentedByName()).name())));
        Set<String> missing = ServedMetrics.DOCUMENTED.stream().map(ServedMetrics.Family::name)
                .filter(name -> name.startsWith("polycsi_")).filter(name -> !shown.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), missing, "families the dashboard does not show");
    }

    @Test
    void variablesListLabelsOfServedFamilies() {
        for (var variable : variables().entrySet()) {
            if (!variable.getValue().get("type").asString().equals("query")) {
                continue;
            }
            String query = variable.getValue().get("query").asString();
            Matcher values = LABEL_VALUES.matcher(query);
            assertTrue(values.matches(), variable.getKey() + ": " + query);
            ServedMetrics.Family family = familyOf(values.group(1), ServedMetrics.documentedByName());
            String label = values.group(2);
            assertTrue(family.labels().contains(label) || ServedMetrics.TARGET_LABELS.contains(label), query + ": no label " + label);
        }
    }

    // --- names against what the driver serves ---------------------------------------------

    /**
     * Every metric name of the dashboard's queries and variables and of the alerts' expressions is
     * a sample of a family the driver serves ({@link ServedMetrics#served()}), and every label
     * they name is one of that family's.
     */
    @Test
    void queriesAndAlertsNameOnlyServedMetricsAndTheirLabels() {
        Map<String, String> expressions = new LinkedHashMap<>(dashboardQueries());
        variables().forEach((name, variable) -> {
            if (variable.get("type").asString().equals("query")) {
                expressions.put(variable.get("query").asString(), "variable " + name);
            }
        });
        alertRules().forEach(rule -> expressions.put(string(rule, "expr"), "alert " + rule.get("alert")));
        Map<String, ServedMetrics.Type> served = ServedMetrics.served();
        List<String> problems = new ArrayList<>();
        expressions.forEach((expr, where) -> {
            assertFalse(PromQl.metricNames(expr).isEmpty(), where + " names no polycsi metric: " + expr);
            Set<String> unknown = PromQl.unknownMetrics(expr, served);
            if (!unknown.isEmpty()) {
                problems.add(where + ": not served " + unknown);
            }
            Set<String> labels = PromQl.unknownLabels(expr, ServedMetrics.documentedByName());
            if (!labels.isEmpty()) {
                problems.add(where + ": no such label " + labels);
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void documentedFamiliesAreServed() {
        Map<String, ServedMetrics.Type> served = ServedMetrics.served();
        ServedMetrics.DOCUMENTED.forEach(f -> assertEquals(f.type(), served.get(f.name()), f.name()));
    }

    /** The other way round: a family the driver serves that the README does not list is one nobody knows of. */
    @Test
    void everyServedPolycsiFamilyIsDocumented() {
        Set<String> undocumented = ServedMetrics.served().keySet().stream()
                .filter(name -> name.startsWith("polycsi_"))
                .filter(name -> !ServedMetrics.documentedByName().containsKey(name))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), undocumented, "served but not in ServedMetrics.DOCUMENTED and the README's table");
    }

    // --- the alerts ------------------------------------------------------------------------

    @Test
    void alertsHaveASeverityASummaryAndADescription() {
        Set<String> names = new HashSet<>();
        List<Map<String, Object>> rules = alertRules();
        assertTrue(rules.size() >= 3, "the three example alerts at least");
        for (Map<String, Object> rule : rules) {
            String name = string(rule, "alert");
            assertTrue(names.add(name), name + " twice");
            assertTrue(name.matches("Polycsi[A-Z]\\w+"), name);
            assertTrue(Set.of("warning", "critical", "info").contains(string(map(rule, "labels"), "severity")), name);
            Map<String, Object> annotations = map(rule, "annotations");
            assertFalse(string(annotations, "summary").isBlank(), name);
            assertFalse(string(annotations, "description").isBlank(), name);
            if (rule.containsKey("for")) {
                assertTrue(string(rule, "for").matches("\\d+[smh]"), name + ": for " + rule.get("for"));
            }
        }
    }

    // --- the README ------------------------------------------------------------------------

    /** README.md shows the PrometheusRule's groups as a plain Prometheus rule file, the same rules. */
    @Test
    void readmeAlertsAreThePrometheusRules() {
        List<Object> blocks = new ArrayList<>();
        Matcher block = YAML_BLOCK.matcher(monitoringSection());
        while (block.find()) {
            if (block.group(1).startsWith("groups:")) {
                blocks.add(new Yaml().load(block.group(1)));
            }
        }
        assertEquals(1, blocks.size(), "README.md's Monitoring section shows one rule file (```yaml, groups: …)");
        assertEquals(prometheusRule().spec(), blocks.getFirst(), "README.md's rules differ from the overlay's PrometheusRule");
    }

    /** The README's table lists each polycsi family with its type and labels, as ServedMetrics does. */
    @Test
    void readmeTableListsTheDocumentedFamilies() {
        Map<String, ServedMetrics.Family> inReadme = new LinkedHashMap<>();
        Matcher row = TABLE_ROW.matcher(monitoringSection());
        while (row.find()) {
            List<String> labels = new ArrayList<>();
            Matcher label = CODE_SPAN.matcher(row.group(3));
            while (label.find()) {
                labels.add(label.group(1));
            }
            ServedMetrics.Type type = ServedMetrics.Type.valueOf(row.group(2).toUpperCase(java.util.Locale.ROOT));
            assertTrue(inReadme.put(row.group(1), new ServedMetrics.Family(row.group(1), type, labels)) == null, row.group(1) + " twice");
        }
        Map<String, ServedMetrics.Family> documented = new LinkedHashMap<>(ServedMetrics.documentedByName());
        documented.keySet().removeIf(name -> !name.startsWith("polycsi_"));
        assertEquals(documented, inReadme);
    }

    /** Whatever the README's Monitoring section quotes as a metric is a served family or sample. */
    @Test
    void readmeNamesOnlyServedMetrics() {
        Set<String> families = ServedMetrics.served().keySet();
        Set<String> samples = ServedMetrics.sampleNames(ServedMetrics.served());
        Set<String> unknown = new TreeSet<>();
        Matcher span = CODE_SPAN.matcher(monitoringSection());
        while (span.find()) {
            for (String name : PromQl.metricNames(span.group(1))) {
                if (!families.contains(name) && !samples.contains(name)) {
                    unknown.add(name);
                }
            }
        }
        assertEquals(Set.of(), unknown, "README.md's Monitoring section names metrics polycsi does not serve");
    }

    // ---------------------------------------------------------------------------------------

    static Map<String, JsonNode> dashboard() {
        return JsonNodeParser.create().parse(Repo.read(DASHBOARD)).asObject();
    }

    private static List<Map<String, JsonNode>> panels() {
        List<Map<String, JsonNode>> panels = new ArrayList<>();
        for (JsonNode panel : dashboard().get("panels").asArray()) {
            panels.add(panel.asObject());
            // A collapsed row holds its panels.
            panel.field("panels").ifPresent(inner -> inner.asArray().forEach(p -> panels.add(p.asObject())));
        }
        return panels;
    }

    private static Map<String, Map<String, JsonNode>> variables() {
        Map<String, Map<String, JsonNode>> variables = new LinkedHashMap<>();
        for (JsonNode variable : dashboard().get("templating").asObject().get("list").asArray()) {
            variables.put(variable.asObject().get("name").asString(), variable.asObject());
        }
        return variables;
    }

    /** Each query of the dashboard's panels, with the panel's title. */
    static Map<String, String> dashboardQueries() {
        Map<String, String> queries = new LinkedHashMap<>();
        for (Map<String, JsonNode> panel : panels()) {
            panel.getOrDefault("targets", JsonNode.parser().parse("[]")).asArray()
                    .forEach(t -> queries.put(t.asObject().get("expr").asString(), "panel '" + panel.get("title").asString() + "'"));
        }
        return queries;
    }

    static K8sObject prometheusRule() {
        List<K8sObject> rules = Repo.objects(Repo.rendered("prometheus-operator")).stream().filter(o -> o.is("PrometheusRule")).toList();
        assertEquals(1, rules.size(), "one PrometheusRule in the prometheus-operator overlay");
        return rules.getFirst();
    }

    private static List<Map<String, Object>> alertRules() {
        return maps(prometheusRule().spec(), "groups").stream().flatMap(g -> maps(g, "rules").stream()).toList();
    }

    private static String monitoringSection() {
        String readme = Repo.read(Repo.root().resolve("README.md"));
        int start = readme.indexOf("\n## Monitoring\n");
        assertTrue(start >= 0, "README.md has no '## Monitoring' section");
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** The documented family a sample (or a family's own name) belongs to. */
    private static ServedMetrics.Family familyOf(String name, Map<String, ServedMetrics.Family> documented) {
        if (documented.containsKey(name)) {
            return documented.get(name);
        }
        return documented.values().stream().filter(f -> ServedMetrics.sampleNames(Map.of(f.name(), f.type())).contains(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is no sample of a documented family"));
    }

    private static int integer(Map<String, JsonNode> object, String key) {
        return Integer.parseInt(object.get(key).asNumber());
    }
}
