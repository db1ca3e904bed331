/**
 * Reliability campaigns: the driver in its own processes, killed, starved and fed hostile input
 * on purpose, and checked afterwards against what the simulator and the host hold.
 */
package dev.polycsi.reliability;
