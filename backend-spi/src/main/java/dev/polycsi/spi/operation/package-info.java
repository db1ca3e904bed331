/**
 * Work that outlives one RPC: creations, expansions and snapshots that take minutes.
 *
 * <p>A call may wait only until its gRPC deadline (csi-provisioner's {@code --timeout}), and a
 * file system takes longer. So a backend describes the work as a {@link
 * dev.polycsi.spi.operation.LongOperation} (how to check it, start it and remove a failed
 * attempt) and hands it to {@link dev.polycsi.spi.operation.LongOperations#await}, from {@link
 * dev.polycsi.spi.BackendContext#operations()}. The core keeps one waiter per key polling in the
 * background; each call returns the result, or ABORTED with the state and the time waited shortly
 * before its deadline, and the sidecar's retry joins the same waiter:
 *
 * <pre>{@code
 * public Volume createVolume(CreateVolumeRequest request) {
 *     FileSystem fs = operations.await("create:" + request.name(), new LongOperation<FileSystem>() {
 *         public String description() {
 *             return "creation of the file system for volume " + request.name();
 *         }
 *         public Progress<FileSystem> check() {          // found by client token or tag after a restart
 *             Optional<FileSystem> found = cloud.findByToken(request.name());
 *             if (found.isEmpty()) {
 *                 return Progress.absent();              // the waiter calls start()
 *             }
 *             return switch (found.get().lifecycle()) {
 *                 case "AVAILABLE" -> Progress.done(found.get());
 *                 case "FAILED" -> Progress.failed(found.get().id(), found.get().failureDetails());
 *                 default -> Progress.pending(found.get().lifecycle());   // "CREATING"
 *             };
 *         }
 *         public void start() {
 *             cloud.create(request, request.name());     // the name as the client token
 *         }
 *         public void discard(Progress.Failed<FileSystem> failed) {
 *             cloud.delete(failed.resourceId());         // nothing FAILED stays behind
 *         }
 *     }, request.deadline());
 *     requireSameRequest(fs, request);   // a joining call's own request: ALREADY_EXISTS if it differs
 *     return toVolume(fs);
 * }
 * }</pre>
 *
 * <p>Transient errors from {@code check()} or {@code start()} (UNAVAILABLE, ABORTED,
 * DEADLINE_EXCEEDED) keep the waiter polling; any other error ends it and goes to the callers. A
 * FAILED resource is discarded and reported with the service's message once; the call after
 * that starts afresh. The example plugin's {@code SlowCreation} (examples/backend-hostpath) is a
 * complete backend-side example, runnable with its option {@code creation-delay}.
 */
package dev.polycsi.spi.operation;
