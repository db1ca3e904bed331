package dev.polycsi.simulator.fsx;

/** Values FSx fills in that are the simulated account's own. */
final class FsxDefaults {

    /** The key id of the account's AWS-managed aws/fsx KMS key, which encrypts persistent file systems by default. */
    static final String AWS_FSX_KEY_ID = "5b3e1a2c-4d6f-4a8b-9c0d-1e2f3a4b5c6d";

    private FsxDefaults() {
    }
}
