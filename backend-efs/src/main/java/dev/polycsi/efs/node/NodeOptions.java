package dev.polycsi.efs.node;

import java.time.Duration;

/**
 * @param lazyUnmount detach a mount whose unmount timed out (umount -l), so that a pod on a dead
 *                    server can go; the official driver's force unmount is opt-in
 */
public record NodeOptions(boolean lazyUnmount, Duration lazyUnmountTimeout) {

    public static final NodeOptions DEFAULTS = new NodeOptions(true, Duration.ofSeconds(10));
}
