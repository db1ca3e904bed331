package dev.polycsi.launcher;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvisionException;
import com.google.inject.TypeLiteral;
import dev.polycsi.core.backend.BackendRegistry;
import dev.polycsi.core.server.CsiServer;
import dev.polycsi.core.telemetry.DriverMetrics;
import dev.polycsi.spi.cluster.ClusterObjects;
import io.grpc.BindableService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import sun.misc.Signal;

/**
 * One driver process: serve, start the backends, and on SIGTERM or SIGINT drain the calls in
 * flight for a bounded time and exit 0 (a backend that cannot start exits 1).
 */
final class DriverProcess {

    private static final Logger LOG = LogManager.getLogger(DriverProcess.class);

    private DriverProcess() {
    }

    static int run(DriverSettings settings, StartupTimes startup) throws Exception {
        // Serving from the start: a scrape during a slow start shows the JVM and that nothing is served yet.
        MetricsServer metricsServer = settings.metricsAddress().map(address -> MetricsServer.start(address, mode(settings))).orElse(null);
        try {
            if (metricsServer != null) {
                LOG.info("serving metrics on {}", metricsServer.url());
            }
            return serve(settings, startup, metricsServer == null ? DriverMetrics.NONE : metricsServer.metrics());
        } finally {
            if (metricsServer != null) {
                metricsServer.close();
            }
        }
    }

    private static String mode(DriverSettings settings) {
        return settings.controller() && settings.node() ? "all" : settings.controller() ? "controller" : "node";
    }

    private static int serve(DriverSettings settings, StartupTimes startup, DriverMetrics metrics) throws Exception {
        Injector injector;
        BackendRegistry registry;
        List<BindableService> services;
        try {
            injector = Guice.createInjector(new DriverModule(settings, metrics));
            registry = injector.getInstance(BackendRegistry.class);
            services = injector.getInstance(Key.get(new TypeLiteral<List<BindableService>>() {}));
        } catch (ProvisionException | CreationException e) {
            throw providerFailure(e);
        }

        CountDownLatch stop = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(0);
        for (String signal : List.of("TERM", "INT")) {
            Signal.handle(new Signal(signal), s -> {
                LOG.info("SIG{} received; draining calls in flight for at most {}", s.getName(), settings.shutdownGrace());
                stop.countDown();
            });
        }

        long wired = System.nanoTime();
        CsiServer server = CsiServer.start(settings.endpoint(), services);
        long bound = System.nanoTime();
        LOG.info("polycsi {} ({} as {}) listening on {} after {} ms ({}); backends {}", Version.current(), settings.driverName(),
                settings.roles(), settings.endpoint(), StartupTimes.millis(startup.main(), bound), startup.describe(wired, bound),
                registry.names());
        AtomicReference<Optional<StartupTaintRemoval>> taintRemoval = new AtomicReference<>(Optional.empty());
        registry.start().whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.error("{}", rootMessage(failure), failure);
                exitCode.set(1);
                stop.countDown();
            } else if (settings.node()) {
                // Ready: the kubelet may now send pods with volumes here.
                taintRemoval.set(StartupTaintRemoval.start(settings.driverName(), System.getenv()));
            }
        });
        stop.await();
        taintRemoval.get().ifPresent(StartupTaintRemoval::close);
        registry.stopWaiting();
        boolean drained = server.shutdown(settings.shutdownGrace());
        registry.close();
        injector.getInstance(HostEnvironment.class).close();
        if (injector.getInstance(ClusterObjects.class) instanceof ClusterAccess cluster) {
            cluster.close();
        }
        LOG.info("stopped{}", drained ? "" : " (some calls were cancelled)");
        return exitCode.get();
    }

    /**
     * What a provider threw, in place of Guice's wrapper: a bad flag or option is reported by its
     * own one-line message. The wrapper's message must not even be built: Guice then reads class
     * files for line numbers, which its ASM cannot on Java 25. Anything else (several errors, or
     * none with a cause) is a bug and stays wrapped.
     */
    static Exception providerFailure(RuntimeException guiceFailure) {
        Throwable cause = guiceFailure;
        while ((cause instanceof ProvisionException || cause instanceof CreationException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return cause instanceof Exception exception ? exception : guiceFailure;
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause instanceof java.util.concurrent.CompletionException) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
