package dev.polycsi.simulator;

import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import java.time.InstantSource;

/** What every simulated service shares: the configuration, the knobs, the clock and the block data. */
public record SimContext(SimulatorConfig config, Knobs knobs, InstantSource clock, BlockStorage blockStorage) {}
