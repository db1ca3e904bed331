package dev.polycsi.efs.node;

/**
 * @param lazyUnmount detach a mount whose unmount timed out (umount -l, within the mounter's
 *                    timeout), so that a pod on a dead server can go; the official driver's force
 *                    unmount is opt-in
 */
public record NodeOptions(boolean lazyUnmount) {

    public static final NodeOptions DEFAULTS = new NodeOptions(true);
}
