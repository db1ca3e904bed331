package dev.polycsi.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository's files as the tests see them. */
final class Repo {

    /** The top-level overlays, each kept rendered in deploy/kubernetes/rendered/NAME.yaml. */
    static final List<String> OVERLAYS = List.of("all-backends", "block-and-file");

    /**
     * Overlays applied beside one of {@link #OVERLAYS}, installing no driver of their own; kept
     * rendered in deploy/kubernetes/rendered/NAME.yaml too.
     */
    static final List<String> ADD_ONS = List.of("prometheus-operator");

    private Repo() {
    }

    static Path root() {
        Path root = Path.of(System.getProperty("polycsi.repoRoot", "..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("deploy/kubernetes"))) {
            throw new IllegalStateException("no deploy/kubernetes under " + root + "; set -Dpolycsi.repoRoot");
        }
        return root;
    }

    static Path deploy(String relative) {
        return root().resolve("deploy").resolve(relative);
    }

    static Path rendered(String overlay) {
        return deploy("kubernetes/rendered/" + overlay + ".yaml");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of a file, in order; empty documents are dropped. */
    static List<K8sObject> objects(Path file) {
        return parseAll(read(file), file.toString());
    }

    static List<K8sObject> parseAll(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<K8sObject> objects = new ArrayList<>();
        for (Object document : new Yaml(options).loadAll(text)) {
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(source + ": a document is not a mapping: " + document);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) map;
            objects.add(new K8sObject(fields, source));
        }
        return objects;
    }

    /** Directories holding a kustomization.yaml under {@code dir}, the directory itself included. */
    static List<Path> kustomizations(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().equals("kustomization.yaml")).map(Path::getParent).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kubectl on the PATH, if any: it renders kustomizations. */
    static Optional<Path> kubectl() {
        return onPath("kubectl");
    }

    /** An executable of that name on the PATH, if any. */
    static Optional<Path> onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The shaded polycsi.jar, when the launcher has been packaged. */
    static Optional<Path> polycsiJar() {
        Path jar = Path.of(System.getProperty("polycsi.jar", root().resolve("launcher/target/polycsi.jar").toString()));
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }
}
