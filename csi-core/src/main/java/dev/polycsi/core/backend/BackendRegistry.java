package dev.polycsi.core.backend;

import dev.polycsi.core.operation.OperationWaiters;
import dev.polycsi.core.plugin.DiscoveredBackend;
import dev.polycsi.core.telemetry.CallContext;
import dev.polycsi.core.telemetry.DriverMetrics;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.cluster.ClusterObjects;
import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.controller.GetVolumeRequest;
import dev.polycsi.spi.metrics.AwsCallObserver;
import dev.polycsi.spi.metrics.BackendMetrics;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.operation.LongOperations;
import dev.polycsi.spi.param.Parameters;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** The enabled backends, their start-up, and routing of volume handles to them. */
public final class BackendRegistry implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(BackendRegistry.class);

    private final Map<String, BackendEntry> entries = new TreeMap<>();
    private final Map<String, Parameters> options;
    private final String driverName;
    private final String nodeId;
    private final Set<BackendContext.Role> roles;
    private final Mounter mounter;
    private final AwsAccess aws;
    private final Path diskByIdDirectory;
    private final DriverMetrics metrics;
    private final OperationWaiters operations;
    private final ClusterObjects cluster;

    public BackendRegistry(Collection<DiscoveredBackend> enabled, Map<String, Parameters> options, String driverName,
            String nodeId, Set<BackendContext.Role> roles, Mounter mounter) {
        this(enabled, options, driverName, nodeId, roles, mounter, AwsAccess.DEFAULT);
    }

    /**
     * @param options each backend's options, already parsed against its schema (see {@link BackendOptions})
     * @param aws     how backends reach AWS (the simulator under {@code --simulate})
     */
    public BackendRegistry(Collection<DiscoveredBackend> enabled, Map<String, Parameters> options, String driverName,
            String nodeId, Set<BackendContext.Role> roles, Mounter mounter, AwsAccess aws) {
        this(enabled, options, driverName, nodeId, roles, mounter, aws, Path.of("/dev/disk/by-id"));
    }

    /** @param diskByIdDirectory where attached disks appear by serial: udev's, or the simulator's */
    public BackendRegistry(Collection<DiscoveredBackend> enabled, Map<String, Parameters> options, String driverName,
            String nodeId, Set<BackendContext.Role> roles, Mounter mounter, AwsAccess aws, Path diskByIdDirectory) {
        this(enabled, options, driverName, nodeId, roles, mounter, aws, diskByIdDirectory, DriverMetrics.NONE);
    }

    /** @param metrics what the backends' AWS calls, mounts, long operations and gauges are reported to */
    public BackendRegistry(Collection<DiscoveredBackend> enabled, Map<String, Parameters> options, String driverName,
            String nodeId, Set<BackendContext.Role> roles, Mounter mounter, AwsAccess aws, Path diskByIdDirectory,
            DriverMetrics metrics) {
        this(enabled, options, driverName, nodeId, roles, mounter, aws, diskByIdDirectory, metrics, ClusterObjects.NONE);
    }

    /** @param cluster the cluster's ConfigMaps and Secrets, for backends whose parameters name them */
    public BackendRegistry(Collection<DiscoveredBackend> enabled, Map<String, Parameters> options, String driverName,
            String nodeId, Set<BackendContext.Role> roles, Mounter mounter, AwsAccess aws, Path diskByIdDirectory,
            DriverMetrics metrics, ClusterObjects cluster) {
        this.cluster = cluster;
        this.diskByIdDirectory = diskByIdDirectory;
        this.metrics = metrics;
        this.operations = new OperationWaiters(OperationWaiters.DEFAULT_IDLE_TIMEOUT, metrics);
        enabled.forEach(backend -> entries.put(backend.name(), new BackendEntry(backend)));
        this.options = Map.copyOf(options);
        this.driverName = driverName;
        this.nodeId = nodeId;
        this.roles = Set.copyOf(roles);
        this.mounter = mounter;
        this.aws = aws;
    }

    /**
     * Creates every backend in parallel on virtual threads. The future fails with the first
     * backend that could not start; Probe reports "ready" only once all have.
     */
    public CompletableFuture<Void> start() {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (BackendEntry entry : entries.values()) {
            starts.add(CompletableFuture.runAsync(() -> startOne(entry),
                    task -> Thread.ofVirtual().name("start-" + entry.name()).start(task)));
        }
        return CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new));
    }

    private void startOne(BackendEntry entry) {
        long started = System.nanoTime();
        try {
            entry.create(new Context(entry.name(), options.getOrDefault(entry.name(), Parameters.none())), (backend, capabilities) -> {
                if (roles.contains(BackendContext.Role.CONTROLLER)) {
                    requireVolumeLookup(backend, capabilities);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("backend '" + entry.name() + "' from " + entry.origin()
                    + " failed to start: " + e.getMessage(), e);
        }
        LOG.info("backend '{}' ready in {} ms", entry.name(), (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * A backend that creates volumes must be able to find them: ValidateVolumeCapabilities,
     * ControllerGetVolume and ControllerModifyVolume answer NOT_FOUND from that look-up, and
     * confirming a volume that does not exist would be wrong.
     */
    private static void requireVolumeLookup(Backend backend, BackendCapabilities capabilities) throws NoSuchMethodException {
        if (!capabilities.supports(ControllerFeature.CREATE_DELETE_VOLUME)) {
            return;
        }
        Class<?> controller = backend.controller().getClass();
        if (controller.getMethod("findVolume", GetVolumeRequest.class).getDeclaringClass() == ControllerOps.class) {
            throw new IllegalStateException("it declares CREATE_DELETE_VOLUME but its controller " + controller.getName()
                    + " does not implement findVolume(GetVolumeRequest), which the driver needs to answer NOT_FOUND for volumes"
                    + " that do not exist");
        }
    }

    /** Where the services report their calls. */
    public DriverMetrics metrics() {
        return metrics;
    }

    public boolean isReady() {
        return entries.values().stream().allMatch(BackendEntry::isReady);
    }

    public Collection<BackendEntry> all() {
        return entries.values();
    }

    public Set<String> names() {
        return entries.keySet();
    }

    /** The backend for CreateVolume's {@code backend} parameter; the only one if just one is enabled. */
    public BackendEntry forCreate(Optional<String> requested) {
        if (requested.isEmpty()) {
            if (entries.size() == 1) {
                return routedTo(entries.values().iterator().next());
            }
            throw CsiException.invalidArgument("parameter 'backend' is required; enabled backends: %s", names());
        }
        BackendEntry entry = entries.get(requested.get());
        if (entry == null) {
            throw CsiException.invalidArgument("parameter 'backend': '%s' is not an enabled backend; enabled backends: %s",
                    requested.get(), names());
        }
        return routedTo(entry);
    }

    /** Notes the backend a call goes to, for its metrics. */
    private static BackendEntry routedTo(BackendEntry entry) {
        CallContext.routedTo(entry.name());
        return entry;
    }

    public Optional<BackendEntry> byName(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /**
     * The backend a handle belongs to and the backend's own id: by the {@code <backend>:}
     * prefix, else by asking each backend whether it recognises the handle as its own. A handle
     * that several backends take (a bare {@code fs-…} is an EFS and an FSx for Lustre file
     * system ID alike) is refused rather than given to whichever comes first: mounting the
     * wrong file system, or deleting one, is worse than asking for the prefix.
     */
    public Optional<Routed> route(String handle) {
        Optional<VolumeHandle> parsed = VolumeHandle.parse(handle);
        if (parsed.isPresent()) {
            BackendEntry entry = entries.get(parsed.get().backend());
            if (entry != null) {
                return Optional.of(new Routed(routedTo(entry), parsed.get().localId()));
            }
        }
        List<BackendEntry> claimants = entries.values().stream()
                .filter(entry -> entry.isReady() && entry.call(backend -> backend.recognizesForeignHandle(handle)))
                .toList();
        if (claimants.size() > 1) {
            List<String> names = claimants.stream().map(BackendEntry::name).toList();
            throw CsiException.invalidArgument("volume handle '%s' is ambiguous: backends %s all take it; write it with its "
                    + "backend's prefix, e.g. '%s:%s'", handle, names, names.getFirst(), handle);
        }
        return claimants.stream().findFirst().map(entry -> new Routed(routedTo(entry), handle));
    }

    /** Like {@link #route}, for a handle that must exist: NOT_FOUND otherwise, as CSI asks. */
    public Routed existing(String handle) {
        return route(handle).orElseThrow(() -> CsiException.notFound(
                "volume '%s' does not exist: it belongs to no enabled backend (%s)", handle, names()));
    }

    /** The union of a capability set over all backends. */
    public <E> Set<E> union(Function<BackendCapabilities, Set<E>> select) {
        LinkedHashSet<E> union = new LinkedHashSet<>();
        entries.values().forEach(entry -> union.addAll(select.apply(entry.capabilities())));
        return union;
    }

    /**
     * Stops the waiters of long operations: calls waiting for one answer UNAVAILABLE at once, so
     * that a shutdown's drain does not wait out their deadlines. Their retries, to the next
     * driver, find the work by token or tag and wait on.
     */
    public void stopWaiting() {
        operations.close();
    }

    @Override
    public void close() {
        stopWaiting();
        for (BackendEntry entry : entries.values()) {
            try {
                entry.close(roles);
            } catch (Exception e) {
                LOG.warn("backend '{}' did not close cleanly: {}", entry.name(), e.toString());
            }
        }
    }

    /** A handle resolved to its backend. {@code localId} is what the backend issued. */
    public record Routed(BackendEntry entry, String localId) {}

    private final class Context implements BackendContext {
        private final Parameters backendOptions;
        private final LongOperations backendOperations;
        private final Mounter backendMounter;
        private final AwsAccess backendAws;
        private final BackendMetrics backendMetrics;

        Context(String backend, Parameters backendOptions) {
            this.backendOptions = backendOptions;
            this.backendOperations = operations.forBackend(backend);
            this.backendMounter = metrics.measuredMounter(backend, mounter);
            AwsCallObserver calls = metrics.awsCalls(backend);
            this.backendAws = calls == AwsCallObserver.NONE ? aws : aws.observedBy(calls);
            this.backendMetrics = metrics.backendGauges(backend);
        }

        @Override
        public BackendMetrics metrics() {
            return backendMetrics;
        }

        @Override
        public String driverName() {
            return driverName;
        }

        @Override
        public String nodeId() {
            return nodeId;
        }

        @Override
        public Set<Role> roles() {
            return roles;
        }

        @Override
        public Parameters options() {
            return backendOptions;
        }

        @Override
        public Mounter mounter() {
            return backendMounter;
        }

        @Override
        public AwsAccess aws() {
            return backendAws;
        }

        @Override
        public Path diskByIdDirectory() {
            return diskByIdDirectory;
        }

        @Override
        public LongOperations operations() {
            return backendOperations;
        }

        @Override
        public ClusterObjects cluster() {
            return cluster;
        }
    }
}
