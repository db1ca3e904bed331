package dev.polycsi.core.backend;

import dev.polycsi.core.plugin.DiscoveredBackend;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An enabled backend: its factory, its instance once created, and the class loader that must
 * be current while it runs (a plugin's libraries look up resources and services through it).
 */
public final class BackendEntry {

    private final DiscoveredBackend discovered;
    private volatile Backend backend;
    private volatile BackendCapabilities capabilities;

    BackendEntry(DiscoveredBackend discovered) {
        this.discovered = discovered;
    }

    public String name() {
        return discovered.name();
    }

    public String origin() {
        return discovered.origin();
    }

    /** The factory, for the parameter schemas; they are known before the backend starts. */
    public BackendFactory factory() {
        return discovered.factory();
    }

    public boolean isReady() {
        return backend != null;
    }

    /** Declared capabilities; UNAVAILABLE while the backend is still starting. */
    public BackendCapabilities capabilities() {
        BackendCapabilities current = capabilities;
        if (current == null) {
            throw CsiException.unavailable("backend '%s' is still starting", name());
        }
        return current;
    }

    /** Runs {@code call} on the backend with the backend's class loader current. */
    public <T> T call(Function<Backend, T> call) {
        Backend current = backend;
        if (current == null) {
            throw CsiException.unavailable("backend '%s' is still starting", name());
        }
        return withLoader(() -> call.apply(current));
    }

    /** Parses raw parameters against one of the factory's schemas, with the plugin's class loader current. */
    public Parameters parse(
            Function<BackendFactory, ParameterSchema> schema, Map<String, String> raw) {
        return withLoader(() -> schema.apply(discovered.factory()).parse(raw));
    }

    /** One of the backend's schemas, e.g. to see which keys it declares. */
    public ParameterSchema schema(Function<BackendFactory, ParameterSchema> schema) {
        return withLoader(() -> schema.apply(discovered.factory()));
    }

    /** Like {@link #call}, for calls that return nothing. */
    public void run(Consumer<Backend> call) {
        call(backend -> {
            call.accept(backend);
            return null;
        });
    }

    /**
     * Creates the backend and, once {@code accept} has passed it, makes it ready. A backend that
     * {@code accept} refuses is closed and never becomes ready, so that nothing is routed to it
     * while the driver stops.
     */
    void create(BackendContext context, Acceptance accept) throws Exception {
        Backend created = withLoader(() -> discovered.factory().create(context));
        BackendCapabilities declared;
        try {
            declared = withLoader(created::capabilities);
            withLoader(() -> {
                accept.check(created, declared);
                return null;
            });
        } catch (Exception | Error refused) {
            try {
                withLoader(() -> {
                    created.close();
                    return null;
                });
            } catch (Exception closing) {
                refused.addSuppressed(closing);
            }
            throw refused;
        }
        capabilities = declared;
        backend = created;
    }

    /** A check of a created backend before it is used; throws to refuse it. */
    @FunctionalInterface
    interface Acceptance {
        void check(Backend backend, BackendCapabilities capabilities) throws Exception;
    }

    /** Closes the roles this process used, then the backend. */
    void close(Set<BackendContext.Role> roles) throws Exception {
        Backend current = backend;
        if (current != null) {
            withLoader(() -> {
                try (current) {
                    if (roles.contains(BackendContext.Role.NODE)) {
                        current.node().close();
                    }
                    if (roles.contains(BackendContext.Role.CONTROLLER)) {
                        current.controller().close();
                    }
                }
                return null;
            });
        }
    }

    private <T> T withLoader(Callable<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(discovered.loader());
        try {
            return action.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new BackendFailure(name(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** A checked exception out of a backend, carried unchecked to the error mapping. */
    static final class BackendFailure extends RuntimeException {
        BackendFailure(String backend, Exception cause) {
            super("backend '" + backend + "' failed: " + cause, cause);
        }
    }
}
