package dev.polycsi.spi.node;

/**
 * Usage of a published volume. For a raw block volume only {@code totalBytes} is known and the
 * other counts are -1. {@code abnormal} with a message reports a volume condition.
 */
public record VolumeStats(
        long totalBytes, long availableBytes, long usedBytes,
        long totalInodes, long freeInodes, long usedInodes,
        boolean abnormal, String conditionMessage) {

    public static VolumeStats block(long sizeBytes) {
        return new VolumeStats(sizeBytes, -1, -1, -1, -1, -1, false, "");
    }

    public boolean hasInodes() {
        return totalInodes >= 0;
    }
}
