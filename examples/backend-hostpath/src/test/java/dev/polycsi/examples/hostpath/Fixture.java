package dev.polycsi.examples.hostpath;

import dev.polycsi.core.conformance.StepOperations;
import dev.polycsi.spi.Deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.controller.ContentSource;
import dev.polycsi.spi.controller.CreateSnapshotRequest;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.CreationMetadata;
import dev.polycsi.spi.controller.TopologyRequirement;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.operation.LongOperations;
import dev.polycsi.spi.param.Parameters;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.function.Executable;

/** Builds backends and requests the way the core would hand them over. */
final class Fixture {

    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final String NODE = "node-1";
    static final VolumeCapability WRITER = VolumeCapability.filesystem("", AccessMode.SINGLE_NODE_WRITER);

    private Fixture() {
    }

    record Context(String nodeId, Parameters options, Mounter mounter, LongOperations operations) implements BackendContext {
        Context(String nodeId, Parameters options, Mounter mounter) {
            this(nodeId, options, mounter, new StepOperations());
        }

        @Override
        public String driverName() {
            return "test.polycsi.dev";
        }

        @Override
        public Set<Role> roles() {
            return nodeId.isEmpty() ? Set.of(Role.CONTROLLER) : Set.of(Role.CONTROLLER, Role.NODE);
        }
    }

    /** A backend made through the factory, as the driver makes it. */
    static Backend backend(Path root, long capacityBytes, String nodeId, Mounter mounter) throws Exception {
        HostPathBackendFactory factory = new HostPathBackendFactory();
        Parameters options = factory.options().parse(Map.of("root", root.toString(), "capacity", Long.toString(capacityBytes)));
        return factory.create(new Context(nodeId, options, mounter));
    }

    static CreateVolumeRequest volume(String name, long requiredBytes) {
        return volume(name, requiredBytes, Map.of(), Optional.empty());
    }

    /** A CreateVolume whose StorageClass parameters the core has parsed with the factory's schema. */
    static CreateVolumeRequest volume(String name, long requiredBytes, Map<String, String> parameters,
            Optional<ContentSource> source) {
        return new CreateVolumeRequest(name, new CapacityRange(requiredBytes, 0), List.of(WRITER),
                new HostPathBackendFactory().volumeParameters().parse(parameters), Parameters.none(), CreationMetadata.NONE, source,
                TopologyRequirement.NONE, Secrets.none(), Deadline.NONE);
    }

    static CreateSnapshotRequest snapshot(String name, String sourceVolumeId) {
        return new CreateSnapshotRequest(name, sourceVolumeId, Parameters.none(), Secrets.none(), Deadline.NONE);
    }

    static Path volumeDir(Path root, String id) {
        return root.resolve("volumes").resolve(id);
    }

    static void assertCode(CsiException.Code code, Executable call) {
        CsiException e = assertThrows(CsiException.class, call);
        assertEquals(code, e.code(), e.getMessage());
    }
}
