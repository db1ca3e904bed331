/**
 * The cloud-fault campaign (issue 15, point 3): the controller-crash workload under each fault
 * of the simulator's knobs ({@link dev.polycsi.reliability.faults.FaultProfile}) and a mix of them.
 */
package dev.polycsi.reliability.faults;
