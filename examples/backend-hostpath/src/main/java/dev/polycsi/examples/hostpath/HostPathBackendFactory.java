package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.nio.file.Path;

/**
 * The entry point of the hostpath backend: volumes are directories under a base path on the
 * node. The driver finds this class through
 * {@code META-INF/services/dev.polycsi.spi.BackendFactory}; it is the only public class of the
 * plugin, because the driver needs nothing else.
 *
 * <p>Volume sizes are recorded and counted against {@code capacity}, but not enforced: a pod
 * can write beyond its volume's size, up to the free space of the filesystem holding
 * {@code root}. Snapshots are full copies and are not counted.
 */
public final class HostPathBackendFactory implements BackendFactory {

    static final Parameter<String> ROOT = Parameter.matching("root",
            "Base directory of volumes and snapshots. The controller and node services must both see it.",
            "/.*", "an absolute path")
            .withDefault("/var/lib/polycsi/hostpath");

    static final Parameter<Long> CAPACITY = Parameter.integer("capacity",
            "Bytes that all volumes together may claim (default 100 GiB); reported by GetCapacity. Recorded, not enforced on writes.",
            1, Long.MAX_VALUE)
            .withDefault(100L << 30);

    private static final ParameterSchema OPTIONS = ParameterSchema.builder()
            .add(ROOT)
            .add(CAPACITY)
            .build();

    /** ServiceLoader needs a public constructor without arguments. */
    public HostPathBackendFactory() {
    }

    @Override
    public String name() {
        return "hostpath";
    }

    @Override
    public String description() {
        return "Directories on the node as volumes, for single-node clusters, development and tests";
    }

    @Override
    public ParameterSchema options() {
        return OPTIONS;
    }

    @Override
    public ParameterSchema volumeParameters() {
        return DirectorySettings.SCHEMA;
    }

    // snapshotParameters() and mutableParameters() keep their empty defaults: there are none.

    @Override
    public Backend create(BackendContext context) {
        Parameters options = context.options();
        return new HostPathBackend(Path.of(options.get(ROOT)), options.get(CAPACITY), context.nodeId(), context.mounter());
    }
}
