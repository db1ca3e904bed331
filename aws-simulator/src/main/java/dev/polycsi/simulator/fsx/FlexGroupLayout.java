package dev.polycsi.simulator.fsx;

import java.util.List;

/**
 * How a FlexGroup volume is spread: over which aggregates, with how many constituents on each
 * (FSx's default 8); a FlexVol volume has none.
 */
record FlexGroupLayout(List<String> aggregates, int constituentsPerAggregate) {

    static final int DEFAULT_CONSTITUENTS_PER_AGGREGATE = 8;

    FlexGroupLayout {
        aggregates = List.copyOf(aggregates);
    }

    int totalConstituents() {
        return aggregates.size() * constituentsPerAggregate;
    }
}
