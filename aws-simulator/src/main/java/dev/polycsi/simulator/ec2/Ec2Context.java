package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.knobs.Knobs;
import java.time.Instant;
import java.util.Map;

/** What the action handlers share. */
record Ec2Context(SimulatorConfig config, Knobs knobs, Ec2State state, StorageCalls storage, Ec2Xml xml, Zones zones) {

    /** One EC2 action: reads its parameters and writes the members of its response. */
    interface Action {
        void handle(QueryParams params, Instant now, XmlWriter response);
    }

    /** A group of actions that registers its handlers by action name. */
    interface Api {
        void register(Map<String, Action> actions);
    }

    /** When a transition that starts {@code now} ends, by the knob {@code delay.<transition>}. */
    Instant after(Instant now, String transition) {
        return now.plus(knobs.delay(transition));
    }

    /** When a resource created {@code now} becomes visible to Describe calls, by the knob {@code consistency}. */
    Instant visibleAfter(Instant now) {
        return now.plus(knobs.consistencyWindow());
    }
}
