package dev.polycsi.spi.controller;

/**
 * A listing request. {@code maxEntries} 0 means "as many as the backend likes";
 * a {@code startingToken} the backend did not issue must be answered with ABORTED.
 */
public record ListRequest(int maxEntries, String startingToken) {}
