package dev.polycsi.ebs.controller;

/** Keys of the publish context that ControllerPublishVolume hands to the node. */
public final class PublishContext {

    /** The device name the volume was attached at, e.g. {@code /dev/xvdaa}, as aws-ebs-csi-driver names it. */
    public static final String DEVICE_PATH = "devicePath";

    private PublishContext() {
    }
}
