package dev.polycsi.spi.controller;

import java.util.List;

/** One page of a listing; an empty {@code nextToken} means the last page. */
public record Page<T>(List<T> entries, String nextToken) {

    public Page {
        entries = List.copyOf(entries);
        nextToken = nextToken == null ? "" : nextToken;
    }
}
