package dev.polycsi.launcher.client;

import csi.v1.Csi;
import csi.v1.Csi.VolumeCapability.AccessMode.Mode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A volume capability written as csc writes it: {@code MODE,TYPE[,FSTYPE[,MOUNTFLAG...]]}, e.g.
 * {@code single-node-writer,mount,xfs,noatime}. Every field may be left empty for its default.
 */
final class CapabilitySpec {

    static final String DEFAULT = "single-node-writer,mount";

    private static final Map<String, Mode> MODES = modes();

    private CapabilitySpec() {
    }

    /** The capability a command sends when no {@code --cap} is given. */
    static Csi.VolumeCapability defaultCapability() {
        return parse(DEFAULT);
    }

    /** @throws IllegalArgumentException naming the field that is wrong and what it may be */
    static Csi.VolumeCapability parse(String spec) {
        String[] fields = spec.split(",", -1);
        Csi.VolumeCapability.Builder capability = Csi.VolumeCapability.newBuilder()
                .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(mode(fields[0].strip())));
        String type = fields.length > 1 ? fields[1].strip().toLowerCase(Locale.ROOT) : "";
        List<String> mountFields = fields.length > 2 ? Arrays.asList(fields).subList(2, fields.length) : List.of();
        switch (type) {
            case "", "mount" -> {
                Csi.VolumeCapability.MountVolume.Builder mount = Csi.VolumeCapability.MountVolume.newBuilder();
                if (!mountFields.isEmpty()) {
                    mount.setFsType(mountFields.getFirst().strip());
                    mountFields.subList(1, mountFields.size()).stream()
                            .filter(flag -> !flag.isBlank())
                            .forEach(mount::addMountFlags);
                }
                capability.setMount(mount);
            }
            case "block" -> {
                if (mountFields.stream().anyMatch(field -> !field.isBlank())) {
                    throw new IllegalArgumentException("'" + spec + "': a block volume has no filesystem type or mount flags");
                }
                capability.setBlock(Csi.VolumeCapability.BlockVolume.getDefaultInstance());
            }
            default -> throw new IllegalArgumentException("'" + spec + "': access type '" + fields[1]
                    + "' is neither mount nor block (MODE,TYPE[,FSTYPE[,MOUNTFLAGS]])");
        }
        return capability.build();
    }

    private static Mode mode(String text) {
        if (text.isEmpty()) {
            return Mode.SINGLE_NODE_WRITER;
        }
        Mode mode = MODES.get(text.toLowerCase(Locale.ROOT).replace('_', '-'));
        if (mode == null) {
            throw new IllegalArgumentException("'" + text + "' is not an access mode; use one of "
                    + String.join(", ", MODES.keySet().stream().filter(name -> !Character.isDigit(name.charAt(0))).toList()));
        }
        return mode;
    }

    /** The spec's modes in kebab case, their numbers (as csc accepts), and the Kubernetes access mode names. */
    private static Map<String, Mode> modes() {
        Map<String, Mode> modes = new LinkedHashMap<>();
        for (Mode mode : Mode.values()) {
            if (mode != Mode.UNKNOWN && mode != Mode.UNRECOGNIZED) {
                modes.put(mode.name().toLowerCase(Locale.ROOT).replace('_', '-'), mode);
            }
        }
        modes.put("rwo", Mode.SINGLE_NODE_WRITER);
        modes.put("rox", Mode.MULTI_NODE_READER_ONLY);
        modes.put("rwx", Mode.MULTI_NODE_MULTI_WRITER);
        modes.put("rwop", Mode.SINGLE_NODE_SINGLE_WRITER);
        for (Mode mode : Mode.values()) {
            if (mode != Mode.UNKNOWN && mode != Mode.UNRECOGNIZED) {
                modes.put(Integer.toString(mode.getNumber()), mode);
            }
        }
        return modes;
    }
}
