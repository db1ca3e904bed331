package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.param.ParameterSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The YAML examples in the READMEs use parameters the backends accept: every StorageClass,
 * VolumeSnapshotClass and VolumeAttributesClass parameter block is parsed with the schema of
 * its backend (the StorageClass's {@code backend}, else the README's own backend).
 */
class ReadmeExamplesTest {

    private static final Path ROOT = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            Path.of("").toAbsolutePath().getParent().toString()));
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ENTRY = Pattern.compile("^(\\s+)([^:#\\s][^:]*):\\s*(.*)$");
    /** A block scalar's header: folded ({@code >}) or literal ({@code |}), with an optional chomping indicator. */
    private static final Pattern BLOCK_SCALAR = Pattern.compile("([>|])[-+]?");

    @ParameterizedTest
    @ValueSource(strings = {"README.md:ebs", "backend-ebs/README.md:ebs", "backend-efs/README.md:efs", "backend-fsx-lustre/README.md:fsx-lustre",
            "backend-filecache/README.md:filecache", "backend-fsx-ontap/README.md:fsx-ontap"})
    void everyExampleParameterIsAcceptedByItsBackend(String readmeAndBackend) throws IOException {
        String[] parts = readmeAndBackend.split(":");
        Path readme = ROOT.resolve(parts[0]);
        List<String> documents = documents(Files.readString(readme));
        assertFalse(documents.isEmpty(), readme + " has no YAML example");
        for (String document : documents) {
            String kind = value(document, "kind");
            Map<String, String> parameters = parameters(document);
            String backend = parameters.getOrDefault("backend", parts[1]);
            Function<BackendFactory, ParameterSchema> schema = switch (kind == null ? "" : kind) {
                case "StorageClass" -> BackendFactory::volumeParameters;
                case "VolumeSnapshotClass" -> BackendFactory::snapshotParameters;
                case "VolumeAttributesClass" -> BackendFactory::mutableParameters;
                default -> null;
            };
            if (schema == null) {
                continue;
            }
            parameters.remove("backend");
            parameters.keySet().removeIf(key -> key.startsWith("csi.storage.k8s.io/"));
            ParameterSchema backendSchema = schema.apply(factory(backend));
            assertDoesNotThrow(() -> backendSchema.parse(parameters), () -> readme + ": " + kind + " " + value(document, "name")
                    + " has parameters backend '" + backend + "' refuses: " + parameters);
        }
    }

    private static BackendFactory factory(String name) {
        BackendFactory found = ServiceLoader.load(BackendFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals(name)).findFirst().orElse(null);
        assertNotNull(found, "no backend '" + name + "' on the class path");
        return found;
    }

    private static List<String> documents(String markdown) {
        List<String> documents = new ArrayList<>();
        Matcher block = YAML_BLOCK.matcher(markdown);
        while (block.find()) {
            for (String document : block.group(1).split("(?m)^---\\s*$")) {
                if (!document.isBlank()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    private static String value(String document, String key) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + ":\\s*(\\S+)").matcher(document);
        return m.find() ? m.group(1) : null;
    }

    /**
     * The entries under a top-level {@code parameters:}, values without quotes and trailing
     * comments; a block scalar's lines ({@code >-}, {@code >}, {@code |-}, {@code |}, indented
     * deeper than its key) joined as YAML joins them: folded with spaces, literal with line breaks.
     */
    private static Map<String, String> parameters(String document) {
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> lines = document.lines().toList();
        boolean inside = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("parameters:")) {
                inside = true;
                continue;
            }
            if (!inside || line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            Matcher entry = ENTRY.matcher(line);
            if (!entry.matches()) {
                break; // the next top-level key
            }
            String raw = entry.group(3).replaceFirst("\\s+#.*$", "").strip();
            Matcher block = BLOCK_SCALAR.matcher(raw);
            if (block.matches()) {
                int indent = entry.group(1).length();
                List<String> content = new ArrayList<>();
                while (i + 1 < lines.size() && (lines.get(i + 1).isBlank() || indentOf(lines.get(i + 1)) > indent)) {
                    content.add(lines.get(++i).strip());
                }
                raw = String.join(block.group(1).equals(">") ? " " : "\n", content).strip();
            } else if ((raw.startsWith("\"") && raw.endsWith("\"")) || (raw.startsWith("'") && raw.endsWith("'"))) {
                raw = raw.substring(1, raw.length() - 1);
            }
            parameters.put(entry.group(2).strip(), raw);
        }
        return parameters;
    }

    private static int indentOf(String line) {
        return line.length() - line.stripLeading().length();
    }
}
