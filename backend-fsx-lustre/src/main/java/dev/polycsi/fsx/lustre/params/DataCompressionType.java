package dev.polycsi.fsx.lustre.params;

/** FSx for Lustre data compression: off, or LZ4 for newly written files. */
public enum DataCompressionType {
    NONE,
    LZ4
}
