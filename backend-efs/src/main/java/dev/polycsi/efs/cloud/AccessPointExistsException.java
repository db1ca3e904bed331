package dev.polycsi.efs.cloud;

/** CreateAccessPoint answered AccessPointAlreadyExists: the client token was used before, for {@code accessPointId}. */
public final class AccessPointExistsException extends RuntimeException {

    private final String accessPointId;

    public AccessPointExistsException(String accessPointId, String message) {
        super(message);
        this.accessPointId = accessPointId;
    }

    /** Empty when EFS did not name it. */
    public String accessPointId() {
        return accessPointId;
    }
}
