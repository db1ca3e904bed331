package dev.polycsi.core.csi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.polycsi.core.backend.BackendRegistry;
import dev.polycsi.core.plugin.DiscoveredBackend;
import dev.polycsi.core.telemetry.DriverMetrics;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.cluster.ClusterObjects;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A backend whose parameters name a ConfigMap or Secret reads it through the context the registry hands it. */
class ClusterObjectsContextTest {

    @Test
    void backendsGetTheDriversClusterObjects() throws Exception {
        ClusterObjects cluster = new ClusterObjects() {
            @Override
            public Optional<String> configMapValue(String namespace, String name, String key) {
                return Optional.of(namespace + "/" + name + "/" + key);
            }

            @Override
            public Optional<String> secretValue(String namespace, String name, String key) {
                return Optional.empty();
            }
        };
        CompletableFuture<BackendContext> seen = new CompletableFuture<>();
        try (BackendRegistry registry = registry(seen, cluster)) {
            registry.start().get(30, TimeUnit.SECONDS);
            ClusterObjects handed = seen.get().cluster();
            assertSame(cluster, handed);
            assertEquals(Optional.of("kube-system/efs/fileSystemId"), handed.configMapValue("kube-system", "efs", "fileSystemId"));
        }
    }

    @Test
    void withoutOneBackendsGetNone() throws Exception {
        CompletableFuture<BackendContext> seen = new CompletableFuture<>();
        try (BackendRegistry registry = new BackendRegistry(List.of(discovered(seen)), Map.of(), "test.polycsi.dev", "node-1",
                Set.of(BackendContext.Role.NODE), new FakeMounter())) {
            registry.start().get(30, TimeUnit.SECONDS);
            assertSame(ClusterObjects.NONE, seen.get().cluster());
        }
    }

    private static BackendRegistry registry(CompletableFuture<BackendContext> seen, ClusterObjects cluster) {
        return new BackendRegistry(List.of(discovered(seen)), Map.of(), "test.polycsi.dev", "node-1", Set.of(BackendContext.Role.NODE),
                new FakeMounter(), AwsAccess.DEFAULT, Path.of("/dev/disk/by-id"), DriverMetrics.NONE, cluster);
    }

    private static DiscoveredBackend discovered(CompletableFuture<BackendContext> seen) {
        BackendFactory factory = new BackendFactory() {
            @Override
            public String name() {
                return "recorder";
            }

            @Override
            public Backend create(BackendContext context) {
                seen.complete(context);
                return () -> new BackendCapabilities(Set.of(), Set.of(), Set.of(), Set.of());
            }
        };
        return new DiscoveredBackend(factory, ClusterObjectsContextTest.class.getClassLoader(), "test");
    }
}
