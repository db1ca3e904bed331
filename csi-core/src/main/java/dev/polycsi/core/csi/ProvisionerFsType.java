package dev.polycsi.core.csi;

import dev.polycsi.core.backend.BackendEntry;
import dev.polycsi.spi.VolumeCapability;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The filesystem type the Kubernetes external-provisioner fills in when a StorageClass names
 * none (its {@code --default-fstype}), which then travels in every capability of the volume: the
 * PV's {@code fsType}, and so NodeStage, NodePublish and expansion. Block backends need it (the
 * kubelet applies a pod's fsGroup under {@code ReadWriteOnceWithFSType} only to volumes with an
 * fs type) and format with it. A backend that serves no block volumes formats nothing, so for it
 * that value means "the StorageClass named none" and is dropped before the backend sees it; any
 * other fs type still reaches the backend, which may refuse it.
 */
public final class ProvisionerFsType {

    /** No provisioner default: every fs type goes to the backend as given. */
    public static final ProvisionerFsType NONE = new ProvisionerFsType("");

    private static final Logger LOG = LogManager.getLogger(ProvisionerFsType.class);

    private final String fsType;

    private ProvisionerFsType(String fsType) {
        this.fsType = fsType;
    }

    /**
     * @param fsType the provisioner's {@code --default-fstype}; empty for none
     * @throws IllegalArgumentException if it is blank or holds whitespace or a comma, which no fs type does
     */
    public static ProvisionerFsType of(Optional<String> fsType) {
        if (fsType.isEmpty()) {
            return NONE;
        }
        String value = fsType.get();
        if (value.isBlank() || !value.equals(value.strip()) || value.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
            throw new IllegalArgumentException("--default-fstype '" + value + "' is not a filesystem type (e.g. ext4)");
        }
        return new ProvisionerFsType(value);
    }

    /** The default, or empty if none was given. */
    public Optional<String> value() {
        return fsType.isEmpty() ? Optional.empty() : Optional.of(fsType);
    }

    /** {@code capability} as {@code entry}'s backend is to see it. */
    VolumeCapability forBackend(BackendEntry entry, VolumeCapability capability) {
        if (fsType.isEmpty() || capability.isBlock() || !capability.fsType().equals(fsType)
                || !entry.capabilities().blockModes().isEmpty()) {
            return capability;
        }
        LOG.debug("fsType {} is the provisioner's default; backend '{}' serves no block volumes, so it gets none", fsType, entry.name());
        return new VolumeCapability(capability.accessType(), "", capability.mountFlags(), capability.mountGroup(), capability.accessMode());
    }

    List<VolumeCapability> forBackend(BackendEntry entry, List<VolumeCapability> capabilities) {
        return capabilities.stream().map(capability -> forBackend(entry, capability)).toList();
    }

    Optional<VolumeCapability> forBackend(BackendEntry entry, Optional<VolumeCapability> capability) {
        return capability.map(c -> forBackend(entry, c));
    }

    @Override
    public String toString() {
        return fsType.isEmpty() ? "(none)" : fsType;
    }
}
