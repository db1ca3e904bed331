package dev.polycsi.reliability.controller;

import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One run of the workload against a fresh simulator.
 *
 * @param name            what the run is called in the figures
 * @param workDir         its own directory: simulator state and data, controller log and socket
 * @param backends        the backends the controller serves and the workload drives
 * @param lanesPerBackend parallel lanes per backend
 * @param cycles          cycles each lane makes at least (more while the killer still works)
 * @param kills           SIGKILLs of the controller; 0 runs it undisturbed
 * @param maxUptime       the longest a ready controller lives before the next kill (uniformly random up to it)
 * @param callDeadline    each CSI call's deadline, as the sidecars' --timeout
 * @param giveUpAfter     how long an operation may take before it counts as a hang
 * @param knobs           simulator knobs for the whole run, {@code key=value}
 * @param pulse           knobs switched on and off while the workload runs (none: {@link Pulse#NONE})
 * @param documented      codes the knobs make legitimate answers besides the retryable ones
 * @param seed            of the random kill moments and backoffs
 */
public record CampaignSettings(String name, Path workDir, List<String> backends, int lanesPerBackend, int cycles, int kills,
        Duration maxUptime, Duration callDeadline, Duration giveUpAfter, List<String> knobs, Pulse pulse, Set<Status.Code> documented,
        long seed) {

    /** All built-in backends of the cloud. */
    public static final List<String> ALL_BACKENDS = List.of("ebs", "efs", "fsx-lustre", "filecache", "fsx-ontap");

    /**
     * Realistic-looking, short state changes, so that kills and faults land while resources are
     * in transition and the driver's long-operation paths run; a tenth of a second to seconds.
     */
    public static final List<String> TRANSITIONS = List.of(
            "delay.volume.available=500ms", "delay.volume.attached=500ms", "delay.volume.detached=500ms",
            "delay.volume.deleted=300ms", "delay.snapshot.completed=1s", "delay.modification.optimizing=500ms",
            "delay.accesspoint.available=300ms",
            "delay.fsx.filesystem.available=3s", "delay.fsx.filesystem.updating=2s", "delay.fsx.filesystem.optimizing=1s",
            "delay.fsx.filesystem.deleting=1s", "delay.fsx.cache.available=3s", "delay.fsx.cache.deleting=1s",
            "delay.fsx.volume.created=2s", "delay.fsx.volume.restored=2s", "delay.fsx.volume.updating=1s",
            "delay.fsx.volume.deleting=1s", "delay.fsx.backup.available=2s");

    /** Knobs set for {@code on}, then unset for {@code off}, over and over while the workload runs. */
    public record Pulse(List<String> knobs, Duration on, Duration off) {
        public static final Pulse NONE = new Pulse(List.of(), Duration.ZERO, Duration.ZERO);
    }
}
