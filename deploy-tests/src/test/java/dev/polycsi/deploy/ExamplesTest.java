package dev.polycsi.deploy;

import static dev.polycsi.deploy.K8sObject.map;
import static dev.polycsi.deploy.K8sObject.mapOrEmpty;
import static dev.polycsi.deploy.K8sObject.string;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.efs.params.EfsVolumeId;
import dev.polycsi.efs.params.VolumeContext;
import dev.polycsi.filecache.FileCacheVolumes;
import dev.polycsi.filecache.params.CacheVolumeId;
import dev.polycsi.fsx.lustre.FsxLustreVolumes;
import dev.polycsi.fsx.lustre.params.LustreVolumeId;
import dev.polycsi.fsx.ontap.node.OntapContext;
import dev.polycsi.fsx.ontap.params.OntapVolumeId;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.param.ParameterSchema;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The examples in deploy/examples use the parameter names the code accepts: each StorageClass,
 * VolumeSnapshotClass and VolumeAttributesClass is parsed by its backend's own schema, as the
 * driver parses it, and each static PersistentVolume's handle and attributes by its backend's
 * own classes. A StorageClass names its backend (`backend:`); a VolumeSnapshotClass or
 * VolumeAttributesClass, which the driver applies to whatever backend holds the volume, is for
 * the backend its file is named after ({@code volumeattributesclass-fsx-lustre.yaml}); a
 * backend may have several StorageClasses, in files of any name ({@code storageclass-filecache-nfs.yaml}).
 * A static volume's handle is routed as the driver routes it: by its {@code <backend>:} prefix, or,
 * bare, to the one backend that takes it as its own ({@code fsvol-…} is FSx for ONTAP's).
 */
class ExamplesTest {

    /** Which bare handles (no {@code <backend>:} prefix) each backend takes as its own, as the driver asks them (BackendRegistry). */
    private static final Map<String, Predicate<String>> BARE_HANDLES = Map.of(
            "efs", EfsVolumeId::isForeignHandle,
            "fsx-lustre", LustreVolumeId::isForeignHandle,
            "filecache", CacheVolumeId::isForeignHandle,
            "fsx-ontap", OntapVolumeId::isForeignHandle);
    private static final Set<String> DRIVER_NAMES = Set.of("aws.polycsi.dev", "block.aws.polycsi.dev", "file.aws.polycsi.dev");

    static List<K8sObject> examples() {
        return Repo.files(Repo.deploy("examples"), ".yaml").stream().flatMap(f -> Repo.objects(f).stream()).toList();
    }

    @TestFactory
    Stream<DynamicTest> storageClassParametersParse() {
        return schemaTests("StorageClass", BackendFactory::volumeParameters, sc -> string(sc.fields(), "provisioner"));
    }

    @TestFactory
    Stream<DynamicTest> volumeSnapshotClassParametersParse() {
        return schemaTests("VolumeSnapshotClass", BackendFactory::snapshotParameters, c -> string(c.fields(), "driver"));
    }

    @TestFactory
    Stream<DynamicTest> volumeAttributesClassParametersParse() {
        return schemaTests("VolumeAttributesClass", BackendFactory::mutableParameters, c -> string(c.fields(), "driverName"));
    }

    @Test
    void everyBackendHasAStorageClassAndTheReferenceExamplesExist() {
        Set<String> withClass = new HashSet<>();
        examples().stream().filter(o -> o.is("StorageClass")).forEach(sc -> withClass.add(string(map(sc.fields(), "parameters"), "backend")));
        Set<String> expected = new HashSet<>(Backends.builtIn().keySet());
        expected.remove("hostpath"); // the example plugin, not an AWS backend (and not built in)
        assertEquals(expected, withClass, "a StorageClass example for every backend");
        Set<String> kinds = new HashSet<>();
        examples().forEach(o -> kinds.add(o.kind()));
        assertTrue(kinds.containsAll(List.of("PersistentVolume", "PersistentVolumeClaim", "VolumeSnapshotClass", "VolumeAttributesClass")), kinds.toString());
    }

    @Test
    void fileCacheClassesShowBothKindsOfRepository() {
        // A cache links S3 buckets or NFS exports, never both: one class for each.
        Set<String> schemes = new HashSet<>();
        examples().stream().filter(o -> o.is("StorageClass"))
                .map(sc -> map(sc.fields(), "parameters"))
                .filter(p -> "filecache".equals(p.get("backend")))
                .forEach(p -> java.util.regex.Pattern.compile("DataRepositoryPath=(\\w+)://").matcher(string(p, "dataRepositoryAssociations"))
                        .results().forEach(r -> schemes.add(r.group(1))));
        assertEquals(Set.of("s3", "nfs"), schemes);
    }

    @Test
    void staticVolumesNameRealHandles() {
        List<K8sObject> volumes = examples().stream().filter(o -> o.is("PersistentVolume")).toList();
        Set<String> backends = new HashSet<>();
        for (K8sObject pv : volumes) {
            Map<String, Object> csi = map(pv.spec(), "csi");
            assertTrue(DRIVER_NAMES.contains(string(csi, "driver")), pv + ": driver " + csi.get("driver"));
            String handle = string(csi, "volumeHandle");
            String prefix = handle.contains(":") ? handle.substring(0, handle.indexOf(':')) : "";
            String backend;
            String id;
            if (Backends.builtIn().containsKey(prefix)) {
                backend = prefix;
                id = handle.substring(handle.indexOf(':') + 1);
            } else {
                // A bare handle: the driver routes it to the one backend that takes it, and refuses one that several take.
                List<String> takers = BARE_HANDLES.entrySet().stream().filter(e -> e.getValue().test(handle)).map(Map.Entry::getKey).toList();
                assertEquals(1, takers.size(), pv + ": the bare handle " + handle + " is taken by " + takers + "; give it its backend's prefix");
                backend = takers.getFirst();
                id = handle;
            }
            backends.add(backend);
            @SuppressWarnings("unchecked")
            Map<String, String> attributes = (Map<String, String>) (Map<?, ?>) mapOrEmpty(csi, "volumeAttributes");
            switch (backend) {
                case "efs" -> {
                    assertDoesNotThrow(() -> EfsVolumeId.parse(id), pv + ": " + handle);
                    assertDoesNotThrow(() -> VolumeContext.parse(attributes), pv + ": " + attributes);
                }
                case "fsx-lustre" -> {
                    assertDoesNotThrow(() -> LustreVolumeId.parse(id), pv + ": " + handle);
                    assertDoesNotThrow(() -> dev.polycsi.fsx.node.VolumeContext.parse(attributes,
                            FsxLustreVolumes.INSTANCE.defaultMountName()), pv + ": " + attributes);
                }
                case "filecache" -> {
                    assertDoesNotThrow(() -> CacheVolumeId.parse(id), pv + ": " + handle);
                    assertDoesNotThrow(() -> dev.polycsi.fsx.node.VolumeContext.parse(attributes,
                            FileCacheVolumes.INSTANCE.defaultMountName()), pv + ": " + attributes);
                }
                case "fsx-ontap" -> {
                    assertDoesNotThrow(() -> OntapVolumeId.parse(id), pv + ": " + handle);
                    assertDoesNotThrow(() -> OntapContext.parse(attributes), pv + ": " + attributes);
                }
                // Mirrors EbsController's private VOLUME_ID pattern.
                case "ebs" -> assertTrue(id.matches("vol-[0-9a-f]{8,32}"), pv + ": " + handle);
                default -> throw new AssertionError(pv + ": no check for backend " + backend);
            }
            String claimed = examples().stream().filter(o -> o.is("PersistentVolumeClaim"))
                    .filter(c -> pv.name().equals(c.spec().get("volumeName"))).map(K8sObject::name).findFirst()
                    .orElseThrow(() -> new AssertionError(pv + " has no claim binding it"));
            assertFalse(claimed.isEmpty());
        }
        assertEquals(Set.of("ebs", "efs", "fsx-lustre", "filecache", "fsx-ontap"), backends,
                "static examples for EBS, EFS, FSx for Lustre, File Cache and FSx for ONTAP");
    }

    private Stream<DynamicTest> schemaTests(String kind, Function<BackendFactory, ParameterSchema> schema, Function<K8sObject, String> driver) {
        List<K8sObject> classes = examples().stream().filter(o -> o.is(kind)).toList();
        assertFalse(classes.isEmpty(), "no " + kind + " example");
        return classes.stream().map(example -> DynamicTest.dynamicTest(kind + " " + example.name(), () -> {
            assertTrue(DRIVER_NAMES.contains(driver.apply(example)), example + ": driver " + driver.apply(example));
            Map<String, String> parameters = parameters(example);
            String backend = kind.equals("StorageClass") ? parameters.get("backend") : backendInFileName(example, kind);
            assertTrue(backend != null, example + ": name its backend");
            BackendFactory factory = Backends.builtIn().get(backend);
            assertTrue(factory != null, example + ": unknown backend " + backend);
            Map<String, String> own = new HashMap<>(parameters);
            own.remove("backend");
            // The core takes these off before the backend parses (ControllerService), unless declared.
            Set<String> declared = new HashSet<>();
            schema.apply(factory).parameters().forEach(p -> declared.add(p.key().toLowerCase(java.util.Locale.ROOT)));
            own.keySet().removeIf(k -> k.startsWith("csi.storage.k8s.io/") && !declared.contains(k.toLowerCase(java.util.Locale.ROOT)));
            assertDoesNotThrow(() -> schema.apply(factory).parse(own), example + " in " + Path.of("deploy/examples"));
        }));
    }

    /** The backend a class without a {@code backend:} parameter is written for: KIND-BACKEND.yaml. */
    private static String backendInFileName(K8sObject example, String kind) {
        String file = Path.of(example.source()).getFileName().toString();
        String prefix = kind.toLowerCase(java.util.Locale.ROOT) + "-";
        assertTrue(file.startsWith(prefix) && file.endsWith(".yaml"), example + " is in " + file + "; name its file " + prefix + "BACKEND.yaml");
        return file.substring(prefix.length(), file.length() - ".yaml".length());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> parameters(K8sObject example) {
        Map<String, String> parameters = new HashMap<>();
        mapOrEmpty(example.fields(), "parameters").forEach((k, v) -> {
            assertTrue(v instanceof String, example + ": parameter " + k + " must be a string (quote it)");
            parameters.put(k, (String) v);
        });
        return parameters;
    }
}
