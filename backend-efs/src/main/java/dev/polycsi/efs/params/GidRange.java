package dev.polycsi.efs.params;

/** The POSIX group ids the controller hands out to new access points, both ends included. */
public record GidRange(long start, long end) {

    /** aws-efs-csi-driver's code: 50000 and one GID per access point EFS allows on a file system (10000). */
    public static final GidRange DEFAULT = new GidRange(50_000, 60_000);

    public GidRange {
        if (start < 1 || end <= start) {
            throw new IllegalArgumentException("bad GID range " + start + "-" + end);
        }
    }

    public boolean contains(long gid) {
        return gid >= start && gid <= end;
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
