package dev.polycsi.simulator.fsx;

/** A Lustre deployment type; scratch file systems have no backups, no KMS key of their own and no throughput tier. */
enum DeploymentType {
    SCRATCH_1, SCRATCH_2, PERSISTENT_1, PERSISTENT_2;

    boolean persistent() {
        return this == PERSISTENT_1 || this == PERSISTENT_2;
    }
}
