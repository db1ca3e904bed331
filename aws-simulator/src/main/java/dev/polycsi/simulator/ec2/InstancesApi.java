package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.SimulatorConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DescribeInstances (the one instance the node runs on, with its attached volumes as block
 * device mappings) and DescribeAvailabilityZones (the configured zones).
 */
final class InstancesApi implements Ec2Context.Api {

    static final Set<String> INSTANCE_FILTERS = Set.of("instance-id", "instance-type", "availability-zone", "instance-state-name",
            "instance-state-code", "block-device-mapping.volume-id", "block-device-mapping.device-name", "block-device-mapping.status",
            "tag-key", "tag-value");
    static final Set<String> ZONE_FILTERS = Set.of("zone-name", "zone-id", "state", "region-name", "zone-type", "group-name", "opt-in-status");

    private static final int MAX_RESULTS = 1000;

    private final Ec2Context context;
    private final Ec2State state;
    private final SimulatorConfig config;
    private final Instant launchTime;
    private final String reservationId;

    InstancesApi(Ec2Context context, Instant launchTime) {
        this.context = context;
        this.state = context.state();
        this.config = context.config();
        this.launchTime = launchTime;
        this.reservationId = "r-" + config.instanceId().substring(2);
    }

    @Override
    public void register(Map<String, Ec2Context.Action> actions) {
        actions.put("DescribeInstances", this::describeInstances);
        actions.put("DescribeAvailabilityZones", this::describeAvailabilityZones);
    }

    private void describeInstances(QueryParams params, Instant now, XmlWriter response) {
        List<String> ids = ResourceIds.instances(params.list("InstanceId"));
        List<Filter> filters = params.filters();
        Filter.requireKnown(filters, INSTANCE_FILTERS);
        Optional<Integer> maxResults = Pagination.maxResults(params, 5, MAX_RESULTS);
        if (!ids.isEmpty() && maxResults.isPresent()) {
            throw Ec2Errors.invalidParameterCombination("The parameter instancesSet cannot be used with the parameter maxResults");
        }
        List<String> unknown = ids.stream().filter(id -> !id.equals(config.instanceId())).distinct().toList();
        if (!unknown.isEmpty()) {
            throw Ec2Errors.instanceNotFound(unknown);
        }
        params.stopIfDryRun();

        List<VolumeAttachment> attachments = attachments();
        response.start("reservationSet");
        if (Filter.all(filters, attachments, state.instanceTags, this::instanceFilterValues)) {
            response.start("item")
                    .element("reservationId", reservationId)
                    .element("ownerId", Ec2State.ACCOUNT_ID)
                    .start("groupSet").end()
                    .start("instancesSet").start("item");
            instance(response, attachments);
            response.end().end().end();
        }
        response.end();
    }

    private void instance(XmlWriter response, List<VolumeAttachment> attachments) {
        response.element("instanceId", config.instanceId())
                .element("imageId", "ami-0123456789abcdef0")
                .start("instanceState").element("code", 16).element("name", "running").end()
                .element("privateDnsName", "ip-10-0-0-10.ec2.internal")
                .element("dnsName", "")
                .element("instanceType", config.instanceType())
                .element("launchTime", launchTime)
                .start("placement")
                .element("availabilityZone", config.instanceZone())
                .element("availabilityZoneId", config.zoneId(config.instanceZone()))
                .element("tenancy", "default")
                .end()
                .element("privateIpAddress", "10.0.0.10")
                .element("architecture", "x86_64")
                .element("rootDeviceType", "ebs")
                .element("rootDeviceName", DeviceNames.ROOT_DEVICE)
                .start("blockDeviceMapping");
        for (VolumeAttachment attachment : attachments) {
            response.start("item")
                    .element("deviceName", attachment.device)
                    .start("ebs")
                    .element("volumeId", attachment.volumeId)
                    .element("status", attachment.state.wireName())
                    .element("attachTime", attachment.attachTime)
                    .element("deleteOnTermination", false)
                    .end()
                    .end();
        }
        response.end()
                .element("virtualizationType", "hvm")
                .element("hypervisor", "xen")
                .element("ebsOptimized", true);
        context.xml().tagSet(response, state.instanceTags);
    }

    private List<VolumeAttachment> attachments() {
        List<VolumeAttachment> attachments = new ArrayList<>();
        for (Volume volume : state.volumes.values()) {
            volume.attachmentTo(config.instanceId()).ifPresent(attachments::add);
        }
        return attachments;
    }

    private List<String> instanceFilterValues(List<VolumeAttachment> attachments, String filter) {
        return switch (filter) {
            case "instance-id" -> List.of(config.instanceId());
            case "instance-type" -> List.of(config.instanceType());
            case "availability-zone" -> List.of(config.instanceZone());
            case "instance-state-name" -> List.of("running");
            case "instance-state-code" -> List.of("16");
            case "block-device-mapping.volume-id" -> attachments.stream().map(a -> a.volumeId).toList();
            case "block-device-mapping.device-name" -> attachments.stream().map(a -> a.device).toList();
            case "block-device-mapping.status" -> attachments.stream().map(a -> a.state.wireName()).toList();
            default -> List.of();
        };
    }

    private void describeAvailabilityZones(QueryParams params, Instant now, XmlWriter response) {
        List<String> names = params.list("ZoneName").stream().map(context.zones()::byName).toList();
        List<String> ids = params.list("ZoneId").stream().map(context.zones()::byId).toList();
        List<Filter> filters = params.filters();
        Filter.requireKnown(filters, ZONE_FILTERS);
        params.stopIfDryRun();

        response.start("availabilityZoneInfo");
        for (String zone : config.zones()) {
            boolean named = (names.isEmpty() && ids.isEmpty()) || names.contains(zone) || ids.contains(zone);
            if (named && Filter.all(filters, zone, Map.of(), this::zoneFilterValues)) {
                response.start("item")
                        .element("zoneName", zone)
                        .element("zoneState", "available")
                        .element("regionName", config.region())
                        .element("zoneId", config.zoneId(zone))
                        .element("groupName", config.region())
                        .element("networkBorderGroup", config.region())
                        .element("zoneType", "availability-zone")
                        .element("optInStatus", "opt-in-not-required")
                        .start("messageSet").end()
                        .end();
            }
        }
        response.end();
    }

    private List<String> zoneFilterValues(String zone, String filter) {
        return switch (filter) {
            case "zone-name" -> List.of(zone);
            case "zone-id" -> List.of(config.zoneId(zone));
            case "state" -> List.of("available");
            case "region-name", "group-name" -> List.of(config.region());
            case "zone-type" -> List.of("availability-zone");
            case "opt-in-status" -> List.of("opt-in-not-required");
            default -> List.of();
        };
    }
}
