package dev.polycsi.simulator.fsx;

/** The storage class of a Lustre file system; INTELLIGENT_TIERING is not simulated (FsxRequests refuses it). */
enum StorageType {
    SSD, HDD
}
