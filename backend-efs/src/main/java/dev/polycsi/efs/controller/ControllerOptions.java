package dev.polycsi.efs.controller;

import java.util.Map;

/**
 * @param tags                  put on every access point (the official driver's --tags)
 * @param deleteRootDirectory   remove an access point's root directory with the volume (--delete-access-point-root-dir)
 */
public record ControllerOptions(Map<String, String> tags, boolean deleteRootDirectory) {

    public ControllerOptions {
        tags = Map.copyOf(tags);
    }
}
