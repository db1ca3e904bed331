package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.SimulatedInstance;
import dev.polycsi.simulator.SimulatorConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DescribeInstances (the configured instances, the node's first, each with its attached volumes
 * as block device mappings) and DescribeAvailabilityZones (the configured zones).
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

    InstancesApi(Ec2Context context, Instant launchTime) {
        this.context = context;
        this.state = context.state();
        this.config = context.config();
        this.launchTime = launchTime;
    }

    @Override
    public void register(Map<String, Ec2Context.Action> actions) {
        actions.put("DescribeInstances", this::describeInstances);
        actions.put("DescribeAvailabilityZones", this::describeAvailabilityZones);
    }

    /** An instance as listed: its place in the configuration (the anchor of pagination) and its volumes. */
    private record Listed(int sequence, SimulatedInstance instance, List<VolumeAttachment> attachments, Map<String, String> tags) {}

    /** Each instance in a reservation of its own, as instances launched one by one are. */
    private void describeInstances(QueryParams params, Instant now, XmlWriter response) {
        List<String> ids = ResourceIds.instances(params.list("InstanceId"));
        List<Filter> filters = params.filters();
        Filter.requireKnown(filters, INSTANCE_FILTERS);
        Optional<Integer> maxResults = Pagination.maxResults(params, 5, MAX_RESULTS);
        if (!ids.isEmpty() && maxResults.isPresent()) {
            throw Ec2Errors.invalidParameterCombination("The parameter instancesSet cannot be used with the parameter maxResults");
        }
        List<String> unknown = ids.stream().filter(id -> config.instance(id).isEmpty()).distinct().toList();
        if (!unknown.isEmpty()) {
            throw Ec2Errors.instanceNotFound(unknown);
        }
        params.stopIfDryRun();

        List<Listed> matching = new ArrayList<>();
        for (int index = 0; index < config.instances().size(); index++) {
            SimulatedInstance instance = config.instances().get(index);
            if (ids.isEmpty() || ids.contains(instance.id())) {
                Listed listed = new Listed(index + 1, instance, attachments(instance.id()),
                        state.instanceTags.getOrDefault(instance.id(), Map.of()));
                if (Filter.all(filters, listed, listed.tags(), this::instanceFilterValues)) {
                    matching.add(listed);
                }
            }
        }
        Pagination.Page<Listed> page = Pagination.page(matching, Listed::sequence, maxResults, params.string("NextToken"), MAX_RESULTS);
        response.start("reservationSet");
        for (Listed listed : page.items()) {
            response.start("item")
                    .element("reservationId", "r-" + listed.instance().id().substring(2))
                    .element("ownerId", Ec2State.ACCOUNT_ID)
                    .start("groupSet").end()
                    .start("instancesSet").start("item");
            instance(response, listed);
            response.end().end().end();
        }
        response.end().element("nextToken", page.nextToken());
    }

    private void instance(XmlWriter response, Listed listed) {
        SimulatedInstance instance = listed.instance();
        // private addresses 10.0.0.10, 10.0.0.11, …: distinct, and the node's stays what it always was
        int host = 10 + listed.sequence() - 1;
        String privateIp = "10.0.%d.%d".formatted(host / 256, host % 256);
        response.element("instanceId", instance.id())
                .element("imageId", "ami-0123456789abcdef0")
                .start("instanceState").element("code", 16).element("name", "running").end()
                .element("privateDnsName", "ip-" + privateIp.replace('.', '-') + ".ec2.internal")
                .element("dnsName", "")
                .element("instanceType", instance.type())
                .element("launchTime", launchTime)
                .start("placement")
                .element("availabilityZone", instance.zone())
                .element("availabilityZoneId", config.zoneId(instance.zone()))
                .element("tenancy", "default")
                .end()
                .element("privateIpAddress", privateIp)
                .element("architecture", "x86_64")
                .element("rootDeviceType", "ebs")
                .element("rootDeviceName", DeviceNames.ROOT_DEVICE)
                .start("blockDeviceMapping");
        for (VolumeAttachment attachment : listed.attachments()) {
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
        context.xml().tagSet(response, listed.tags());
    }

    private List<VolumeAttachment> attachments(String instanceId) {
        List<VolumeAttachment> attachments = new ArrayList<>();
        for (Volume volume : state.volumes.values()) {
            volume.attachmentTo(instanceId).ifPresent(attachments::add);
        }
        return attachments;
    }

    private List<String> instanceFilterValues(Listed listed, String filter) {
        List<VolumeAttachment> attachments = listed.attachments();
        return switch (filter) {
            case "instance-id" -> List.of(listed.instance().id());
            case "instance-type" -> List.of(listed.instance().type());
            case "availability-zone" -> List.of(listed.instance().zone());
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
