package dev.polycsi.efs;

import dev.polycsi.efs.controller.ControllerOptions;
import dev.polycsi.efs.node.NodeOptions;
import dev.polycsi.efs.params.VolumeParameters;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The entry point of {@code backend: efs}: Amazon EFS, as aws-efs-csi-driver serves it. */
public final class EfsBackendFactory implements BackendFactory {

    public static final String NAME = "efs";

    static final Parameter<Map<String, String>> TAGS = Parameter.custom("tags", "map",
            "Controller: tags put on every access point, as key:value pairs separated by spaces or commas (the official driver's --tags).",
            "key:value pairs separated by spaces or commas", EfsBackendFactory::tags).withDefault(Map.of());
    static final Parameter<Boolean> DELETE_ROOT_DIR = Parameter.bool("delete-access-point-root-dir",
            "Controller: delete an access point's root directory, with all its data, when its volume is deleted (the official "
                    + "driver's --delete-access-point-root-dir). The controller mounts the file system for it, so it needs the EFS "
                    + "mount helper and network access to a mount target.").withDefault(false);
    static final Parameter<String> MOUNT_DIR = Parameter.string("root-dir-mount-dir",
            "Controller: where the temporary mounts for delete-access-point-root-dir are made. Default: the JVM's temporary directory.");
    static final Parameter<Boolean> LAZY_UNMOUNT = Parameter.bool("lazy-unmount",
            "Node: when unmounting a volume times out (a mount target that is gone), detach it with umount -l so that the pod "
                    + "can terminate, instead of failing every retry. The official driver's force unmount is opt-in.").withDefault(true);

    private static final ParameterSchema OPTIONS = ParameterSchema.builder()
            .add(TAGS)
            .add(DELETE_ROOT_DIR)
            .add(MOUNT_DIR)
            .add(LAZY_UNMOUNT)
            .build();

    /** ServiceLoader needs a public constructor without arguments. */
    public EfsBackendFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Amazon EFS: an access point per volume, or static volumes of a file system, a directory or an access point";
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
    public Backend create(BackendContext context) throws Exception {
        Parameters options = context.options();
        ControllerOptions controller = new ControllerOptions(options.get(TAGS), options.get(DELETE_ROOT_DIR));
        NodeOptions node = new NodeOptions(options.get(LAZY_UNMOUNT));
        Path scratch = options.find(MOUNT_DIR).map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "polycsi-efs"));
        return EfsBackend.start(context, controller, node, scratch);
    }

    static Map<String, String> tags(String value) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String pair : value.split("[\\s,]+")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + pair + "' is not key:value");
            }
            tags.put(pair.substring(0, colon), pair.substring(colon + 1));
        }
        return Map.copyOf(tags);
    }
}
