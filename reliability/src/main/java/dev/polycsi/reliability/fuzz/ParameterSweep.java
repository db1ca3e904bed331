package dev.polycsi.reliability.fuzz;

import com.google.protobuf.Message;
import csi.v1.Csi;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * StorageClass, VolumeSnapshotClass and VolumeAttributesClass parameters of every backend, as
 * the backends' own schemas declare them (found with {@link ServiceLoader}, as the driver finds
 * them): each key with each bad value on top of a valid set, each key in other cases and with
 * blanks around it, and keys no schema has. A bad value must come back INVALID_ARGUMENT (or OK,
 * when it was valid by chance); an unknown key must come back INVALID_ARGUMENT naming it.
 */
final class ParameterSweep {

    /** One request of the sweep and what must come back. */
    record Case(RawCsi.Rpc rpc, Message request, String backend, String schema, String key, String value, boolean unknownKey) {}

    static final List<String> BAD_VALUES = List.of("", " ", "-1", "0", "1", "-0", "+5", "1.5", "1e3", "0x10", "NaN", "Infinity",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999999", "abc", "true", "FALSE",
            "yes", "null", "ünïcødé", "名前", "🙂", "\0", "a\0b", "line\nbreak", "x".repeat(129), "x".repeat(5000),
            "${jndi:ldap://127.0.0.1:1/x}", "%s%n", "../../etc/passwd", "/", ",", ",,", "=", "a=b", "a=b,c", "k:v", "k:v k2", ":",
            "key=", "=value", "[]", "{}", "{\"a\":1}", "s3://", "subnet-", "sg-", "fs-", "arn:aws:kms:us-east-1:123456789012:key/x",
            "1Gi", "-1Gi", "PT1S", "2026-13-45", "${.PVC.name}", "${.PV.nonsense}", "{{.Name}}", "\t1\t", " 1 ", "FileCachePath=/ns1/",
            "FileCachePath=/../,DataRepositoryPath=s3://b/", "DataRepositoryPath=nfs://x", "gp3", "io2", "SCRATCH_2", "PERSISTENT_2",
            "LZ4", "NONE", "700", "0777", "99999", "-5", "1024", "12000", "125", "1000", "2400");

    /** A short sweep: the values most likely to break a decoder. */
    static final List<String> SHORT_VALUES = List.of("", "-1", "0", "99999999999999999999999", "abc", "🙂", "a\0b", "x".repeat(5000),
            "a=b,c", "1.5", "\t1\t", "${jndi:ldap://127.0.0.1:1/x}");

    private ParameterSweep() {
    }

    /** The backends the driver has, by name. */
    static Map<String, BackendFactory> factories() {
        Map<String, BackendFactory> factories = new TreeMap<>();
        for (BackendFactory factory : ServiceLoader.load(BackendFactory.class)) {
            factories.put(factory.name(), factory);
        }
        return factories;
    }

    /** Every key of each backend's three schemas, as "backend/volume", "backend/snapshot", "backend/mutable". */
    static Map<String, List<String>> keys(Map<String, BackendFactory> factories) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        factories.forEach((name, factory) -> {
            keys.put(name + "/volume", factory.volumeParameters().parameters().stream().map(Parameter::key).toList());
            keys.put(name + "/snapshot", factory.snapshotParameters().parameters().stream().map(Parameter::key).toList());
            keys.put(name + "/mutable", factory.mutableParameters().parameters().stream().map(Parameter::key).toList());
        });
        return keys;
    }

    static List<Case> cases(Map<String, BackendFactory> factories, Map<String, Map<String, String>> storageClasses,
            Map<String, String> volumeIds, List<String> values) {
        Map<String, RawCsi.Rpc> rpcs = new LinkedHashMap<>();
        RawCsi.all().forEach(rpc -> rpcs.put(rpc.method(), rpc));
        List<Case> cases = new ArrayList<>();
        factories.forEach((backend, factory) -> {
            Map<String, String> base = storageClasses.getOrDefault(backend, Map.of("backend", backend));
            String volumeId = volumeIds.getOrDefault(backend, backend + ":absent");
            int[] counter = {0};
            Function<Map<String, String>, List<Message>> volumeRequests = parameters -> List.of(
                    Csi.CreateVolumeRequest.newBuilder().setName("fuzz-param-" + backend + "-" + counter[0]++ % 2)
                            .putAllParameters(parameters).addVolumeCapabilities(Generator.capability(backend))
                            .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(Generator.capacity(backend))).build(),
                    Csi.GetCapacityRequest.newBuilder().putAllParameters(parameters).addVolumeCapabilities(Generator.capability(backend)).build(),
                    Csi.ValidateVolumeCapabilitiesRequest.newBuilder().setVolumeId(volumeId).putAllParameters(parameters)
                            .addVolumeCapabilities(Generator.capability(backend)).build());
            Function<Map<String, String>, List<Message>> snapshotRequests = parameters -> List.of(
                    Csi.CreateSnapshotRequest.newBuilder().setName("fuzz-param-snap-" + backend).setSourceVolumeId(volumeId)
                            .putAllParameters(parameters).build());
            Function<Map<String, String>, List<Message>> mutableRequests = parameters -> List.of(
                    Csi.ControllerModifyVolumeRequest.newBuilder().setVolumeId(volumeId).putAllMutableParameters(parameters).build(),
                    Csi.CreateVolumeRequest.newBuilder().setName("fuzz-param-" + backend + "-mutable").putAllParameters(base)
                            .putAllMutableParams(parameters).addVolumeCapabilities(Generator.capability(backend))
                            .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(Generator.capacity(backend))).build());
            sweep(cases, rpcs, backend, "volume", factory.volumeParameters(), base, volumeRequests, values);
            sweep(cases, rpcs, backend, "snapshot", factory.snapshotParameters(), Map.of(), snapshotRequests, values);
            sweep(cases, rpcs, backend, "mutable", factory.mutableParameters(), Map.of(), mutableRequests, values);
        });
        return cases;
    }

    private static void sweep(List<Case> cases, Map<String, RawCsi.Rpc> rpcs, String backend, String schema, ParameterSchema parameters,
            Map<String, String> base, Function<Map<String, String>, List<Message>> requests, List<String> values) {
        for (Parameter<?> parameter : parameters.parameters()) {
            for (String value : values) {
                Map<String, String> map = new LinkedHashMap<>(base);
                map.put(parameter.key(), value);
                add(cases, rpcs, backend, schema, parameter.key(), value, false, requests.apply(map));
            }
            // The key in other cases and with blanks: the same parameter where keys are case-insensitive, else unknown keys.
            for (String variant : List.of(parameter.key().toUpperCase(Locale.ROOT), " " + parameter.key(), parameter.key() + " ",
                    parameter.key() + "\0")) {
                if (variant.equals(parameter.key())) {
                    continue;
                }
                Map<String, String> map = new LinkedHashMap<>(base);
                map.put(variant, "1");
                // The sidecars' csi.storage.k8s.io/ keys that a schema does not declare are dropped by design.
                boolean unknown = !(caseInsensitive(parameters) && variant.equalsIgnoreCase(parameter.key()))
                        && !variant.startsWith("csi.storage.k8s.io/");
                add(cases, rpcs, backend, schema, variant, "1", unknown, requests.apply(map));
            }
        }
        for (String unknown : List.of("nonsense", "Backend", "csi.storage.k8s.io/nonsense", "x".repeat(129), "🙂", "", "type\nx",
                "${jndi:ldap://127.0.0.1:1/x}")) {
            if (parameters.parameters().stream().anyMatch(p -> p.key().equalsIgnoreCase(unknown))
                    || parameters.prefixes().keySet().stream().anyMatch(unknown::startsWith)) {
                continue;
            }
            // The sidecars' csi.storage.k8s.io/ keys are the driver's to drop where it documents so; any documented code will do.
            boolean mustBeRefused = !unknown.startsWith("csi.storage.k8s.io/");
            Map<String, String> map = new LinkedHashMap<>(base);
            map.put(unknown, "1");
            add(cases, rpcs, backend, schema, unknown, "1", mustBeRefused, requests.apply(map));
        }
    }

    private static boolean caseInsensitive(ParameterSchema schema) {
        return schema.toMarkdown().contains("Keys are matched without regard to case.");
    }

    private static void add(List<Case> cases, Map<String, RawCsi.Rpc> rpcs, String backend, String schema, String key, String value,
            boolean unknown, List<Message> requests) {
        for (Message request : requests) {
            String method = request.getDescriptorForType().getName().replace("Request", "");
            cases.add(new Case(rpcs.get(method), request, backend, schema, key, value, unknown));
        }
    }
}
