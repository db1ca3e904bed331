package dev.polycsi.simulator.imds;

import dev.polycsi.simulator.SimulatorConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/** {@code /latest/dynamic/instance-identity/document}: the instance's identity as signed JSON would state it. */
final class IdentityDocument {

    static final String ACCOUNT_ID = SimulatorConfig.ACCOUNT_ID;

    private IdentityDocument() {
    }

    static String of(SimulatorConfig config, Instant launchedAt) {
        JsonWriter writer = JsonWriter.create();
        writer.writeStartObject();
        field(writer, "accountId", ACCOUNT_ID);
        field(writer, "architecture", "x86_64");
        field(writer, "availabilityZone", config.instanceZone());
        writer.writeFieldName("billingProducts").writeNull();
        writer.writeFieldName("devpayProductCodes").writeNull();
        writer.writeFieldName("marketplaceProductCodes").writeNull();
        field(writer, "imageId", InstanceMetadata.AMI_ID);
        field(writer, "instanceId", config.instanceId());
        field(writer, "instanceType", config.instanceType());
        writer.writeFieldName("kernelId").writeNull();
        field(writer, "pendingTime", launchedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        field(writer, "privateIp", InstanceMetadata.LOCAL_IPV4);
        writer.writeFieldName("ramdiskId").writeNull();
        field(writer, "region", config.region());
        field(writer, "version", "2017-09-30");
        writer.writeEndObject();
        return new String(writer.getBytes(), StandardCharsets.UTF_8);
    }

    private static void field(JsonWriter writer, String name, String value) {
        writer.writeFieldName(name).writeValue(value);
    }
}
