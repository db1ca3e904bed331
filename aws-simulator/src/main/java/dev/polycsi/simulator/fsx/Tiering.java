package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.json.JsonRequest;
import java.util.List;
import java.util.Optional;

/**
 * A volume's TieringPolicy: which data moves to the capacity pool, and after how many days cool
 * (2 to 183, for AUTO and SNAPSHOT_ONLY only). FSx's default is SNAPSHOT_ONLY; the cooling period
 * is echoed only when given.
 */
record Tiering(String name, Optional<Integer> coolingPeriod) {

    static final Tiering DEFAULT = new Tiering("SNAPSHOT_ONLY", Optional.empty());
    private static final List<String> NAMES = List.of("SNAPSHOT_ONLY", "AUTO", "ALL", "NONE");

    /** The request's {@code TieringPolicy}; its Name defaults to SNAPSHOT_ONLY as FSx's does. */
    static Tiering read(JsonRequest policy) {
        String name = FsxFields.oneOf(policy, "Name", NAMES).orElse(DEFAULT.name());
        Optional<Integer> cooling = FsxFields.intInRange(policy, "CoolingPeriod", 2, 183);
        if (cooling.isPresent() && !name.equals("AUTO") && !name.equals("SNAPSHOT_ONLY")) {
            throw FsxError.badRequest("CoolingPeriod applies only to the AUTO and SNAPSHOT_ONLY tiering policies, not %s.", name);
        }
        return new Tiering(name, cooling);
    }
}
