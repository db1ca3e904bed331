package dev.polycsi.simulator.storage;

/** A simulated service whose file systems a node can mount (EFS, FSx). */
public interface NetworkMountProvider {

    NetworkMountResolver mounts();
}
