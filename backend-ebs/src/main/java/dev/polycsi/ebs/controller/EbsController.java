package dev.polycsi.ebs.controller;

import dev.polycsi.ebs.cloud.EbsCloud;
import dev.polycsi.spi.controller.ControllerOps;

/** The controller role of the EBS backend. */
public final class EbsController implements ControllerOps {

    private final EbsCloud cloud;
    private final ControllerOptions options;

    public EbsController(EbsCloud cloud, ControllerOptions options) {
        this.cloud = cloud;
        this.options = options;
    }
}
