package dev.polycsi.reliability.controller;

import java.util.function.BooleanSupplier;

/**
 * One stream of the workload: cycle after cycle of one backend's scenario on fresh names, at
 * least {@code cycles} of them and more while {@code keepGoing} says so (while the killer is
 * at work). An operation that never ends stops the lane; the sidecar reported it as a hang.
 */
final class Lane implements Runnable {

    private final String prefix;
    private final int index;
    private final Scenario scenario;
    private final Operations operations;
    private final int cycles;
    private final BooleanSupplier keepGoing;
    private volatile int done;

    Lane(String prefix, int index, Scenario scenario, Operations operations, int cycles, BooleanSupplier keepGoing) {
        this.prefix = prefix;
        this.index = index;
        this.scenario = scenario;
        this.operations = operations;
        this.cycles = cycles;
        this.keepGoing = keepGoing;
    }

    @Override
    public void run() {
        try {
            for (int cycle = 0; cycle < cycles || keepGoing.getAsBoolean(); cycle++) {
                // PVC names as external-provisioner makes them: pvc-<uid>, here readable
                String name = "pvc-" + prefix + "-" + scenario.backend() + "-" + index + "-" + cycle;
                scenario.cycle(operations, name, Scenario.Keep.of(index, cycle));
                done = cycle + 1;
            }
        } catch (Sidecar.GaveUp e) {
            // reported as a hang by the sidecar; the names in flight stay in doubt
        }
    }

    int cyclesDone() {
        return done;
    }
}
