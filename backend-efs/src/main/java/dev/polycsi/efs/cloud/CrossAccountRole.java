package dev.polycsi.efs.cloud;

import java.util.Objects;
import java.util.Optional;

/**
 * The role of another account that a CreateVolume or DeleteVolume is carried out with, from the
 * provisioner secret's {@code awsRoleArn} and {@code externalId}. The external id is a shared
 * secret between the accounts: {@link #toString()} never shows it.
 */
public record CrossAccountRole(String roleArn, Optional<String> externalId) {

    public CrossAccountRole {
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(externalId, "externalId");
    }

    /** The account the role belongs to: the fifth field of the ARN. */
    public String accountId() {
        String[] fields = roleArn.split(":", 6);
        return fields.length > 4 ? fields[4] : "";
    }

    @Override
    public String toString() {
        return "role " + roleArn + (externalId.isPresent() ? " (with an external id)" : "");
    }
}
