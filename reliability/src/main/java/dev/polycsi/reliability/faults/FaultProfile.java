package dev.polycsi.reliability.faults;

import dev.polycsi.reliability.controller.CampaignSettings;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One cloud fault of issue 15's point 3 as simulator knobs: set for the whole run, or pulsed on
 * and off while the workload runs (a fail knob set for good would fail every retry too).
 *
 * @param name       as in the table of figures
 * @param knobs      set for the whole run, on top of the campaign's short transitions
 * @param pulse      knobs switched on and off
 * @param documented codes the fault makes a correct answer (INTERNAL naming a FAILED resource)
 * @param kills      SIGKILLs of the controller on top of the faults
 */
public record FaultProfile(String name, List<String> knobs, CampaignSettings.Pulse pulse, Set<Status.Code> documented, int kills) {

    /**
     * EC2's default request token buckets (Ec2Service's table) at a tenth of their rates and
     * bursts: ten times as harsh. EFS and FSx publish no rates; theirs are a tenth of EC2's
     * describe bucket.
     */
    static final List<String> THROTTLING = List.of(
            "throttle.ec2.describe=2/10", "throttle.ec2.describe-unfiltered=1/5", "throttle.ec2.mutating=0.5/5",
            "throttle.ec2.CreateVolume=0.5/10", "throttle.ec2.DeleteVolume=0.5/10", "throttle.ec2.CreateSnapshot=0.5/10",
            "throttle.ec2.DeleteSnapshot=0.5/10", "throttle.ec2.CreateTags=1/10", "throttle.ec2.DeleteTags=1/10",
            "throttle.efs.*=2/10", "throttle.fsx.*=2/10");
    /** 5 % of every call answered 500 InternalError or 503 Unavailable, half each. */
    static final List<String> SERVER_ERRORS = List.of("errors.*=0.025", "unavailable.*=0.025");
    /** 5 % of calls carried out, then the connection closed without an answer. */
    static final List<String> DROPPED = List.of("drop.*=0.05");
    static final List<String> CONSISTENCY = List.of("consistency=2s");
    /** The short transitions, three times as slow. */
    static final List<String> SLOW = CampaignSettings.TRANSITIONS.stream().map(FaultProfile::threeTimes).toList();
    /** Resources whose transition starts while it is on stay in it for 20 to 30 seconds. */
    static final CampaignSettings.Pulse STUCK = new CampaignSettings.Pulse(List.of(
            "delay.volume.available=20s", "delay.volume.attached=20s", "delay.snapshot.completed=20s",
            "delay.accesspoint.available=20s", "delay.fsx.filesystem.available=30s", "delay.fsx.filesystem.updating=20s",
            "delay.fsx.cache.available=30s", "delay.fsx.volume.created=30s", "delay.fsx.volume.restored=20s",
            "delay.fsx.backup.available=20s"), Duration.ofSeconds(4), Duration.ofSeconds(8));
    /** Resources created or changed while it is on end FAILED (EBS volumes: error). */
    static final CampaignSettings.Pulse FAILED = new CampaignSettings.Pulse(List.of(
            "fail.volume.create=Insufficient capacity", "fail.fsx.filesystem.create=Insufficient capacity",
            "fail.fsx.filesystem.update=Storage capacity update failed", "fail.fsx.cache.create=Insufficient capacity",
            "fail.fsx.volume.create=Aggregate full", "fail.fsx.volume.update=Aggregate full",
            "fail.fsx.backup.create=Backup failed"), Duration.ofSeconds(3), Duration.ofSeconds(6));

    static List<FaultProfile> all() {
        Set<Status.Code> none = Set.of();
        CampaignSettings.Pulse noPulse = CampaignSettings.Pulse.NONE;
        List<String> mixed = Stream.of(THROTTLING, SERVER_ERRORS, DROPPED, CONSISTENCY).flatMap(List::stream).toList();
        List<String> mixedPulse = new ArrayList<>(STUCK.knobs());
        mixedPulse.addAll(FAILED.knobs());
        return List.of(
                new FaultProfile("none", List.of(), noPulse, none, 0),
                new FaultProfile("throttling x10", THROTTLING, noPulse, none, 0),
                new FaultProfile("5 % 500/503", SERVER_ERRORS, noPulse, none, 0),
                new FaultProfile("dropped connections 5 %", DROPPED, noPulse, none, 0),
                new FaultProfile("consistency 2 s", CONSISTENCY, noPulse, none, 0),
                new FaultProfile("slow state changes x3", SLOW, noPulse, none, 0),
                new FaultProfile("stuck in transition", List.of(), STUCK, none, 0),
                new FaultProfile("FAILED resources", List.of(), FAILED, Set.of(Status.Code.INTERNAL), 0),
                new FaultProfile("mix + 10 kills", mixed, new CampaignSettings.Pulse(mixedPulse, Duration.ofSeconds(3), Duration.ofSeconds(9)),
                        Set.of(Status.Code.INTERNAL), 10));
    }

    @Override
    public String toString() {
        return name;
    }

    private static String threeTimes(String knob) {
        int equals = knob.indexOf('=');
        Duration delay = dev.polycsi.simulator.knobs.Knobs.parseDuration(knob.substring(0, equals), knob.substring(equals + 1));
        return knob.substring(0, equals + 1) + delay.multipliedBy(3).toMillis() + "ms";
    }
}
