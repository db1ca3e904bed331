package dev.polycsi.efs.cloud;

import dev.polycsi.spi.CsiException;

/** The EFS API as another account's role sees it, one {@link EfsCloud} per role, kept for reuse. */
public interface RoleClouds extends AutoCloseable {

    /** Without STS: every cross-account request is refused. */
    RoleClouds NONE = role -> {
        throw CsiException.failedPrecondition("secret 'awsRoleArn': this controller cannot assume roles");
    };

    /** The EFS API with the role's credentials; the same object for the same role and external id. */
    EfsCloud forRole(CrossAccountRole role);

    @Override
    default void close() {
    }
}
