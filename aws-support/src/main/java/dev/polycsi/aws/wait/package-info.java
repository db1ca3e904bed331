/**
 * Waiting for AWS state ({@code creating → available}, {@code attaching → attached}, a file
 * system's {@code CREATING → AVAILABLE}) with {@link dev.polycsi.aws.wait.Backoff}: polls that
 * start soon and space out, bounded by a limit that fails DEADLINE_EXCEEDED. Meant for virtual
 * threads, where a blocked waiter costs no platform thread.
 */
package dev.polycsi.aws.wait;
