package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.json.JsonRequest;

/** Values FSx fills in that are the simulated account's own. */
final class FsxDefaults {

    /** The key id of the account's AWS-managed aws/fsx KMS key, which encrypts persistent file systems by default. */
    static final String AWS_FSX_KEY_ID = "5b3e1a2c-4d6f-4a8b-9c0d-1e2f3a4b5c6d";

    private FsxDefaults() {
    }

    /** The request's {@code KmsKeyId} (1 to 2048 characters), or the ARN of the account's aws/fsx key. */
    static String kmsKey(JsonRequest body, SimulatorConfig config) {
        return body.string("KmsKeyId").map(key -> {
            if (key.isEmpty() || key.length() > 2048) {
                throw FsxError.badRequest("KmsKeyId must be 1 to 2048 characters long.");
            }
            return key;
        }).orElseGet(() -> "arn:aws:kms:%s:%s:key/%s".formatted(config.region(), SimulatorConfig.ACCOUNT_ID, AWS_FSX_KEY_ID));
    }
}
