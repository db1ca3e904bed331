/**
 * The hostpath backend: volumes are directories on the node. It is a real backend for
 * single-node clusters, and the example to copy when writing a backend of your own.
 *
 * <h2>Reading order</h2>
 * <ol>
 *   <li>{@link dev.polycsi.examples.hostpath.HostPathBackendFactory}: the entry point the
 *       driver finds through {@code META-INF/services/dev.polycsi.spi.BackendFactory}; its name,
 *       driver options and StorageClass parameters.
 *   <li>{@code HostPathBackend}: what the backend declares it can do. The core refuses anything
 *       else before it reaches the backend.
 *   <li>{@code HostPathController} and {@code HostPathNode}: the CSI calls.
 *   <li>{@code VolumeCreator} and {@code Capacity}: making a volume, in two crash-safe steps,
 *       within the capacity option.
 *   <li>{@code SlowCreation} and {@code SlowCreations}: creations that take minutes, carried by
 *       the core's long operations ({@link dev.polycsi.spi.operation}); the example to follow
 *       for work that outlives one call.
 *   <li>{@code HostPathStore}, {@code Area}, {@code VolumeRecord}, {@code SnapshotRecord}: the
 *       state, kept on disk only.
 *   <li>{@code DirectorySettings}, {@code Ids}, {@code Pages}, {@code Trees}, {@code Records}:
 *       small helpers.
 * </ol>
 *
 * <h2>What the core does, so a backend does not</h2>
 * <ul>
 *   <li>Checks required fields, capabilities and access modes against the declared
 *       {@link dev.polycsi.spi.BackendCapabilities}, and parses parameters against the
 *       factory's schemas, naming the offending key.
 *   <li>Adds and strips the {@code hostpath:} prefix of volume and snapshot handles.
 *   <li>Runs at most one call per volume at a time (calls for different volumes run in
 *       parallel), and turns {@link dev.polycsi.spi.CsiException} codes into gRPC codes.
 *   <li>Owns mounting: backends mount through {@link dev.polycsi.spi.mount.Mounter}.
 *   <li>Creates the pod's target path before publish and removes it after unpublish.
 *   <li>Hands every call one validated request record carrying the caller's
 *       {@link dev.polycsi.spi.Deadline}; this backend's calls are local file work, so it never
 *       needs to look at it.
 * </ul>
 *
 * <h2>What a backend must still do</h2>
 * <ul>
 *   <li>Be idempotent: every call may come again after a timeout or a restart. Here, ids are
 *       derived from names and all state is re-read from disk on every call.
 *   <li>Answer a reused name with an incompatible request with ALREADY_EXISTS.
 *   <li>Treat ids from outside as untrusted: here they become paths, so they are checked
 *       against the id format first.
 * </ul>
 *
 * <p>The plugin depends on the SPI alone, with scope {@code provided}: the driver loads the SPI
 * classes parent-first into every plugin, so the plugin JAR neither needs nor bundles them.
 * {@code backend-spi/README.md} is the guide to writing a backend, built around this one.
 */
package dev.polycsi.examples.hostpath;
