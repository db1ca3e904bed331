package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.SimulatorConfig;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything the simulated EC2 knows, in plain objects so that it can be saved and restored.
 * One lock guards it all: {@link Ec2Service} holds it for the whole of each call, so a call sees
 * and leaves a consistent state. Time moves on only through {@link #settle}.
 */
final class Ec2State {

    /** The simulated account, owner of every snapshot. */
    static final String ACCOUNT_ID = SimulatorConfig.ACCOUNT_ID;
    /** The account's default EBS key (aws/ebs), which encrypts volumes that name no key. */
    static final String DEFAULT_EBS_KEY_ID = "3f9a6b42-7d1c-4e8a-9b5f-2c4d6e8f0a1b";

    /** A volume created with a client token, and the parameters it was created with. */
    record ClientTokenUse(Map<String, String> parameters, Volume volume) {}

    final ReentrantLock lock = new ReentrantLock();
    final Map<String, Volume> volumes = new LinkedHashMap<>();
    final Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    /** Fast snapshot restores, keyed by {@link FastRestore#key}. */
    final Map<String, FastRestore> fastRestores = new LinkedHashMap<>();
    /** Keyed by action and token: CreateVolume and CopyVolumes tokens do not collide. */
    final Map<String, ClientTokenUse> clientTokens = new HashMap<>();
    /** Tags by instance id; an instance without tags has no entry. */
    final Map<String, Map<String, String>> instanceTags = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private long sequence;

    /** Applies every state change due by {@code now}; deleted volumes disappear. */
    void settle(Instant now) {
        volumes.values().removeIf(volume -> volume.settle(now));
    }

    /** The instance's tags, a live map that CreateTags and DeleteTags change. */
    Map<String, String> tagsOf(String instanceId) {
        return instanceTags.computeIfAbsent(instanceId, id -> new LinkedHashMap<>());
    }

    long nextSequence() {
        return ++sequence;
    }

    /** The last sequence handed out; saved, so that a restarted simulator goes on after it. */
    long lastSequence() {
        return sequence;
    }

    /** After a restart: new resources list after the restored ones. */
    void continueAfter(long lastSequence) {
        sequence = lastSequence;
    }

    /** A new id in EC2's long form, e.g. {@code vol-0123456789abcdef0}. */
    String newId(String prefix) {
        byte[] bytes = new byte[9];
        random.nextBytes(bytes);
        return prefix + "-" + HexFormat.of().formatHex(bytes).substring(0, 17);
    }
}
