package dev.polycsi.simulator.fsx;

/** What DescribeFileSystems lists: Lustre file systems and the ONTAP one, in creation order. */
sealed interface FsxFileSystem permits FileSystem, OntapFileSystem {

    /** Creation order, which listings and their NextTokens follow; the seeded ONTAP file system's is 0, before any created. */
    long sequence();

    String id();
}
