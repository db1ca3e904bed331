package dev.polycsi.reliability.controller;

import java.util.ArrayList;
import java.util.List;

/** What a campaign found wrong in the driver's answers: codes a sidecar does not expect, and operations that never ended. */
public final class Findings {

    private final List<String> wrongCodes = new ArrayList<>();
    private final List<String> hangs = new ArrayList<>();

    synchronized void wrongCode(String what) {
        wrongCodes.add(what);
    }

    synchronized void hang(String what) {
        hangs.add(what);
    }

    public synchronized List<String> wrongCodes() {
        return List.copyOf(wrongCodes);
    }

    public synchronized List<String> hangs() {
        return List.copyOf(hangs);
    }
}
