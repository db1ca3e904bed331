package dev.polycsi.spi.controller;

/** The size after a controller-side expansion, and whether the node must grow the filesystem too. */
public record ExpandResult(long capacityBytes, boolean nodeExpansionRequired) {}
