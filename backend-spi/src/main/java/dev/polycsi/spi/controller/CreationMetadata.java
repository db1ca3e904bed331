package dev.polycsi.spi.controller;

/**
 * Who a volume is for, from the external-provisioner's {@code --extra-create-metadata}
 * ({@code csi.storage.k8s.io/pvc/name}, {@code .../pvc/namespace}, {@code .../pv/name}).
 * Empty strings when the provisioner does not send them.
 */
public record CreationMetadata(String pvcName, String pvcNamespace, String pvName) {

    public static final CreationMetadata NONE = new CreationMetadata("", "", "");
}
