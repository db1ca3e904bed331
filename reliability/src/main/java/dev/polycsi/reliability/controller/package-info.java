/**
 * The controller-crash campaign (issue 15, point 1) and what the cloud-fault campaign shares with
 * it: a separate simulator and the controller's successive lives ({@link
 * dev.polycsi.reliability.controller.SimulatorProcess}, {@link dev.polycsi.reliability.controller.Controllers},
 * {@link dev.polycsi.reliability.controller.Killer}), the workload as the sidecars drive it
 * ({@link dev.polycsi.reliability.controller.Scenario}, {@link dev.polycsi.reliability.controller.Sidecar}),
 * and the end check of the simulator's inventory against the ledger of finished operations
 * ({@link dev.polycsi.reliability.controller.Inventory}, {@link dev.polycsi.reliability.controller.Verdict}).
 */
package dev.polycsi.reliability.controller;
