package dev.polycsi.spi.controller;

/** What a new volume is made from. Ids are the backend's own (the handle prefix is removed). */
public sealed interface ContentSource {

    String id();

    record Snapshot(String id) implements ContentSource {}

    record Volume(String id) implements ContentSource {}
}
