package dev.polycsi.spi.mount;

/** Sizes and inode counts of a mounted filesystem, as statvfs reports them. */
public record FilesystemStats(long totalBytes, long availableBytes, long usedBytes, long totalInodes, long freeInodes, long usedInodes) {}
