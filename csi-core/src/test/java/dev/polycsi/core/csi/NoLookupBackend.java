package dev.polycsi.core.csi;

import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.Volume;
import dev.polycsi.spi.node.NodeOps;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.node.NodeUnpublishRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A backend whose controller does not implement {@code findVolume}, as a backend for static
 * volumes only may be written; with CREATE_DELETE_VOLUME declared, the driver must refuse it.
 */
final class NoLookupBackend implements Backend {

    final String name;
    final BackendCapabilities capabilities;
    volatile boolean closed;

    NoLookupBackend(String name, Set<ControllerFeature> controller) {
        this.name = name;
        this.capabilities = new BackendCapabilities(controller.isEmpty() ? EnumSet.noneOf(ControllerFeature.class) : EnumSet.copyOf(controller),
                Set.of(), Set.of(), EnumSet.of(AccessMode.SINGLE_NODE_WRITER, AccessMode.MULTI_NODE_MULTI_WRITER));
    }

    BackendFactory factory() {
        NoLookupBackend backend = this;
        return new BackendFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Backend create(BackendContext context) {
                return backend;
            }
        };
    }

    @Override
    public BackendCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public ControllerOps controller() {
        return controller;
    }

    @Override
    public NodeOps node() {
        return node;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Creates volumes, but cannot look them up. */
    private static final class Controller implements ControllerOps {
        @Override
        public Volume createVolume(CreateVolumeRequest request) {
            return new Volume("vol-" + request.name(), 1 << 20, Map.of(), List.of(), Optional.empty());
        }
    }

    private final ControllerOps controller = new Controller();

    private final NodeOps node = new NodeOps() {
        @Override
        public void publish(NodePublishRequest request) {
        }

        @Override
        public void unpublish(NodeUnpublishRequest request) {
        }
    };
}
