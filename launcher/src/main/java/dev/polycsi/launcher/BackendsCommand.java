package dev.polycsi.launcher;

import dev.polycsi.core.plugin.DiscoveredBackend;
import dev.polycsi.core.plugin.PluginLoader;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.param.ParameterSchema;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Lists the backends found; with {@code --describe}, prints their parameters as Markdown from
 * the same schemas the driver validates with.
 */
@Command(name = "backends", description = "List the backends found on the class path and in the plugin directory.")
final class BackendsCommand implements Callable<Integer> {

    @Option(names = "--plugin-dir", description = "Directory of backend plugins: each subdirectory, or JAR, is one plugin.")
    Path pluginDir;

    @Option(names = "--describe", description = "Print each backend's parameters as Markdown tables.")
    boolean describe;

    @Override
    public Integer call() throws Exception {
        Map<String, DiscoveredBackend> found = new PluginLoader(Main.class.getClassLoader()).discover(Optional.ofNullable(pluginDir));
        for (DiscoveredBackend backend : found.values()) {
            if (describe) {
                System.out.print(describe(backend));
            } else {
                System.out.println(backend.name());
            }
        }
        return 0;
    }

    static String describe(DiscoveredBackend discovered) {
        BackendFactory factory = discovered.factory();
        StringBuilder out = new StringBuilder("## Backend `").append(factory.name()).append("`\n\n");
        if (!factory.description().isBlank()) {
            out.append(factory.description()).append("\n\n");
        }
        out.append("Driver options (`--backend-option ").append(factory.name()).append(".<key>=<value>`):\n\n")
                .append(factory.options().toMarkdown()).append('\n');
        out.append("StorageClass parameters (`backend: ").append(factory.name()).append("` picks this backend):\n\n")
                .append(factory.volumeParameters().toMarkdown()).append('\n');
        section(out, "VolumeSnapshotClass parameters", factory.snapshotParameters());
        section(out, "VolumeAttributesClass parameters", factory.mutableParameters());
        return out.toString();
    }

    private static void section(StringBuilder out, String title, ParameterSchema schema) {
        if (!schema.isEmpty()) {
            out.append(title).append(":\n\n").append(schema.toMarkdown()).append('\n');
        }
    }
}
