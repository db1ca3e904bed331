package dev.polycsi.ebs.params;

import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.util.HashMap;
import java.util.Map;

/**
 * VolumeSnapshotClass parameters of {@code backend: ebs}. The official driver's
 * fastSnapshotRestoreAvailabilityZones and lock* keys are not supported yet and are refused as
 * unknown rather than ignored.
 */
public final class SnapshotParameters {

    public static final String TAG_PREFIX = "tagSpecification";

    static final Parameter<String> OUTPOST_ARN = Parameter.matching("outpostArn",
            "Create the snapshot on this AWS Outpost instead of in the Region (local snapshot).",
            "arn:aws[-a-z]*:outposts:[a-z0-9-]+:[0-9]{12}:outpost/op-[0-9a-f]+",
            "an Outposts ARN, arn:aws:outposts:REGION:ACCOUNT:outpost/op-HEX");
    static final Parameter<String> SNAPSHOT_NAME = Parameter.string("csi.storage.k8s.io/volumesnapshot/name",
            "Set by the external-snapshotter with --extra-create-metadata, not by users: the value of {{ .VolumeSnapshotName }} in tags.");
    static final Parameter<String> SNAPSHOT_NAMESPACE = Parameter.string("csi.storage.k8s.io/volumesnapshot/namespace",
            "Set by the external-snapshotter with --extra-create-metadata, not by users: the value of {{ .VolumeSnapshotNamespace }} in tags.");
    static final Parameter<String> SNAPSHOT_CONTENT_NAME = Parameter.string("csi.storage.k8s.io/volumesnapshotcontent/name",
            "Set by the external-snapshotter with --extra-create-metadata, not by users: the value of {{ .VolumeSnapshotContentName }} in tags.");

    /** Keys are matched without regard to case, as in the official driver; the tagSpecification prefix is case-sensitive. */
    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .caseInsensitiveKeys()
            .add(OUTPOST_ARN)
            .add(SNAPSHOT_NAME)
            .add(SNAPSHOT_NAMESPACE)
            .add(SNAPSHOT_CONTENT_NAME)
            .addPrefix(TAG_PREFIX, "A snapshot tag, `key=value`, usually tagSpecification_1, …; the value may use "
                    + "{{ .VolumeSnapshotName }}, {{ .VolumeSnapshotNamespace }} and {{ .VolumeSnapshotContentName }} (needs the "
                    + "external-snapshotter's --extra-create-metadata). Reserved keys are refused: " + Tags.RESERVED_DESCRIPTION
                    + ". EC2 limits: key up to 128, value up to 256 characters, 50 tags.")
            .build();

    private static final String METADATA_HINT =
            "the external-snapshotter sends the VolumeSnapshot names only when it runs with --extra-create-metadata";

    private SnapshotParameters() {
    }

    public static SnapshotSettings resolve(Parameters parameters) {
        Map<String, String> values = new HashMap<>();
        parameters.find(SNAPSHOT_NAME).ifPresent(v -> values.put("VolumeSnapshotName", v));
        parameters.find(SNAPSHOT_NAMESPACE).ifPresent(v -> values.put("VolumeSnapshotNamespace", v));
        parameters.find(SNAPSHOT_CONTENT_NAME).ifPresent(v -> values.put("VolumeSnapshotContentName", v));
        TagTemplate template = new TagTemplate(TagTemplate.SNAPSHOT_FIELDS, values, METADATA_HINT);
        Map<String, String> tags = Tags.fromSpecifications(parameters.withPrefix(TAG_PREFIX), template);
        Tags.checkLimits(tags);
        return new SnapshotSettings(tags, parameters.find(OUTPOST_ARN));
    }
}
