package dev.polycsi.spi;

import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.node.NodeOps;
import java.util.function.Predicate;

/**
 * A backend put together from its parts, each made only where its role runs: the controller in
 * a process that serves the controller service, the node where the node service runs. The core
 * closes the parts at shutdown, so a part owns and closes what it opened (an SDK client, a
 * watchdog).
 *
 * <pre>{@code
 * return AssembledBackend.builder(context, CAPABILITIES)
 *         .controller(() -> new MyController(MyCloud.create(context.aws())))
 *         .node(() -> new MyNode(context.mounter()))
 *         .build();
 * }</pre>
 */
public final class AssembledBackend implements Backend {

    private final BackendCapabilities capabilities;
    private final ControllerOps controller;
    private final NodeOps node;
    private final Predicate<String> foreignHandles;

    private AssembledBackend(BackendCapabilities capabilities, ControllerOps controller, NodeOps node, Predicate<String> foreignHandles) {
        this.capabilities = capabilities;
        this.controller = controller;
        this.node = node;
        this.foreignHandles = foreignHandles;
    }

    public static Builder builder(BackendContext context, BackendCapabilities capabilities) {
        return new Builder(context, capabilities);
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
    public boolean recognizesForeignHandle(String handle) {
        return foreignHandles.test(handle);
    }

    /** Makes one part; may fail, which stops the backend's start with the message. */
    @FunctionalInterface
    public interface Part<T> {
        T create() throws Exception;
    }

    public static final class Builder {
        private final BackendContext context;
        private final BackendCapabilities capabilities;
        private Part<? extends ControllerOps> controller = () -> ControllerOps.NONE;
        private Part<? extends NodeOps> node = () -> NodeOps.NONE;
        private Predicate<String> foreignHandles = handle -> false;

        private Builder(BackendContext context, BackendCapabilities capabilities) {
            this.context = context;
            this.capabilities = capabilities;
        }

        /** Called only if this process serves the controller role. */
        public Builder controller(Part<? extends ControllerOps> factory) {
            this.controller = factory;
            return this;
        }

        /** Called only if this process serves the node role. */
        public Builder node(Part<? extends NodeOps> factory) {
            this.node = factory;
            return this;
        }

        /** See {@link Backend#recognizesForeignHandle}. */
        public Builder foreignHandles(Predicate<String> recognizes) {
            this.foreignHandles = recognizes;
            return this;
        }

        /** Makes the parts of the roles this process serves; a part made before a failing one is closed. */
        public Backend build() throws Exception {
            ControllerOps madeController = context.roles().contains(BackendContext.Role.CONTROLLER) ? controller.create() : ControllerOps.NONE;
            NodeOps madeNode;
            try {
                madeNode = context.roles().contains(BackendContext.Role.NODE) ? node.create() : NodeOps.NONE;
            } catch (Exception | Error e) {
                try {
                    madeController.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            return new AssembledBackend(capabilities, madeController, madeNode, foreignHandles);
        }
    }
}
