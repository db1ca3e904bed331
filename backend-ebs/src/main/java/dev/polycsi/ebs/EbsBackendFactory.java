package dev.polycsi.ebs;

import dev.polycsi.ebs.cloud.CloudOptions;
import dev.polycsi.ebs.controller.ControllerOptions;
import dev.polycsi.ebs.node.NodeOptions;
import dev.polycsi.ebs.params.MutableParameters;
import dev.polycsi.ebs.params.SnapshotParameters;
import dev.polycsi.ebs.params.VolumeParameters;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The entry point of {@code backend: ebs}: Amazon EBS volumes, as aws-ebs-csi-driver serves them. */
public final class EbsBackendFactory implements BackendFactory {

    public static final String NAME = "ebs";

    static final Parameter<Map<String, String>> EXTRA_TAGS = Parameter.custom("extra-tags", "map",
            "Tags put on every volume and snapshot, as key=value pairs separated by commas (the official driver's --extra-tags).",
            "key=value pairs separated by commas", EbsBackendFactory::tags).withDefault(Map.of());
    static final Parameter<String> CLUSTER_ID = Parameter.matching("cluster-id",
            "The cluster's name: volumes get the tags kubernetes.io/cluster/<id>=owned and KubernetesCluster=<id> (the official driver's --k8s-tag-cluster-id).",
            "[A-Za-z0-9._:/@+=-]{1,100}", "1 to 100 letters, digits or . _ : / @ + = -");
    static final Parameter<Long> VOLUME_ATTACH_LIMIT = Parameter.integer("volume-attach-limit",
            "Node: the number of EBS volumes this node reports it can take (max_volumes_per_node), instead of the limit computed from the instance type.",
            1, 128);
    static final Parameter<Long> RESERVED_ATTACHMENTS = Parameter.integer("reserved-volume-attachments",
            "Node: attachment slots kept for volumes this driver does not manage, instead of the count of the instance's own block device mappings.",
            0, 127);
    static final Parameter<Boolean> LEGACY_XFS = Parameter.bool("legacy-xfs",
            "Node: format xfs without the features (bigtime, inobtcount, reflink, nrext64) that kernels older than 5.10 cannot mount.")
            .withDefault(false);
    static final Parameter<Boolean> BATCHING = Parameter.bool("batching",
            "Controller: send concurrent DescribeVolumes/DescribeInstances/DescribeSnapshots calls as one request per window.")
            .withDefault(true);
    static final Parameter<Long> BATCH_WINDOW_MS = Parameter.integer("batch-window-ms",
            "Controller: at most one Describe call of a kind per this many milliseconds; look-ups arriving meanwhile share the next call. "
                    + "A look-up on an idle driver goes out at once.", 1, 10_000)
            .withDefault(500L);
    static final Parameter<Long> MODIFY_WINDOW_MS = Parameter.integer("modify-window-ms",
            "Controller: how long resize and modify requests for one volume wait to be merged into one ModifyVolume, in milliseconds "
                    + "(the official driver's --modify-volume-request-handler-timeout).", 0, 60_000)
            .withDefault(2000L);

    static final Parameter<String> EC2_RATE_LIMITS = Parameter.custom("ec2-rate-limits", "rates",
            "Controller: request rates per EC2 throttle class that the driver keeps to on its own side, so that bursts wait for "
                    + "their turn instead of being throttled and retried: Describe (every Describe call), mutating (AttachVolume, "
                    + "DetachVolume, ModifyVolume, CopyVolumes) and single actions. Defaults to EC2's default account limits; raise "
                    + "them with the account's, or 'none' to rely on the SDK's adaptive retries alone.",
            "CLASS=RATE/BURST,… or none", CloudOptions::checkRateLimits).withDefault(CloudOptions.ec2DefaultRateLimits());

    private static final ParameterSchema OPTIONS = ParameterSchema.builder()
            .add(EXTRA_TAGS)
            .add(CLUSTER_ID)
            .add(VOLUME_ATTACH_LIMIT)
            .add(RESERVED_ATTACHMENTS)
            .add(LEGACY_XFS)
            .add(BATCHING)
            .add(BATCH_WINDOW_MS)
            .add(MODIFY_WINDOW_MS)
            .add(EC2_RATE_LIMITS)
            .build();

    /** ServiceLoader needs a public constructor without arguments. */
    public EbsBackendFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Amazon EBS volumes (gp3, gp2, io1, io2, st1, sc1, standard), with snapshots, expansion and modification";
    }

    @Override
    public ParameterSchema options() {
        return OPTIONS;
    }

    @Override
    public ParameterSchema volumeParameters() {
        return VolumeParameters.SCHEMA;
    }

    @Override
    public ParameterSchema snapshotParameters() {
        return SnapshotParameters.SCHEMA;
    }

    @Override
    public ParameterSchema mutableParameters() {
        return MutableParameters.SCHEMA;
    }

    @Override
    public Backend create(BackendContext context) throws Exception {
        Parameters options = context.options();
        CloudOptions cloud = new CloudOptions(options.get(BATCHING), Duration.ofMillis(options.get(BATCH_WINDOW_MS)),
                Duration.ofMillis(options.get(MODIFY_WINDOW_MS)), options.get(EC2_RATE_LIMITS));
        ControllerOptions controller = new ControllerOptions(options.get(EXTRA_TAGS), options.find(CLUSTER_ID).orElse(""));
        NodeOptions node = new NodeOptions(options.find(VOLUME_ATTACH_LIMIT).map(Long::intValue),
                options.find(RESERVED_ATTACHMENTS).map(Long::intValue), options.get(LEGACY_XFS));
        return EbsBackend.start(context, cloud, controller, node);
    }

    private static Map<String, String> tags(String value) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String pair : List.of(value.split(","))) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("'" + pair.trim() + "' is not key=value");
            }
            tags.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return Map.copyOf(tags);
    }
}
