package com.example.mybackend;

import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.DeleteVolumeRequest;
import dev.polycsi.spi.controller.GetVolumeRequest;
import dev.polycsi.spi.controller.Volume;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.node.NodeOps;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.node.NodeUnpublishRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Volume {@code v-<hash of the name>} is the directory {@code <root>/v-…}; its size is recorded in
 * {@code <root>/v-….size}, written last, so a volume exists once its record does. Ids come from
 * names, so a retried CreateVolume finds the volume the first attempt made.
 */
final class MyBackend implements Backend, ControllerOps, NodeOps {

    private static final Pattern ID = Pattern.compile("v-[0-9a-f]{16}");
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    private final Path root;
    private final Mounter mounter;

    MyBackend(Path root, Mounter mounter) throws IOException {
        this.root = Files.createDirectories(root);
        this.mounter = mounter;
    }

    @Override
    public BackendCapabilities capabilities() {
        // No node features: a directory needs no staging. The core answers ControllerPublish itself.
        return new BackendCapabilities(EnumSet.of(ControllerFeature.CREATE_DELETE_VOLUME), Set.of(), Set.of(),
                EnumSet.of(AccessMode.SINGLE_NODE_WRITER, AccessMode.SINGLE_NODE_READER_ONLY));
    }

    @Override
    public ControllerOps controller() {
        return this;
    }

    @Override
    public NodeOps node() {
        return this;
    }

    @Override
    public Volume createVolume(CreateVolumeRequest request) {
        String id = "v-" + hash(request.name());
        Optional<Volume> existing = findVolume(new GetVolumeRequest(id, request.deadline()));
        if (existing.isPresent()) {
            if (!request.capacity().accepts(existing.get().capacityBytes())) {
                throw CsiException.alreadyExists("volume '%s' exists with %d bytes", request.name(), existing.get().capacityBytes());
            }
            return existing.get();
        }
        long bytes = request.capacity().resolve(GIB, MIB);
        try {
            Files.createDirectories(root.resolve(id));
            Path record = root.resolve(id + ".size.tmp");
            Files.writeString(record, Long.toString(bytes), StandardCharsets.UTF_8);
            Files.move(record, root.resolve(id + ".size"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw CsiException.internal("cannot create %s: %s", root.resolve(id), e);
        }
        return volume(id, bytes);
    }

    @Override
    public Optional<Volume> findVolume(GetVolumeRequest request) {
        String id = request.volumeId();
        if (!ID.matcher(id).matches() || !Files.exists(root.resolve(id + ".size"))) {
            return Optional.empty(); // ids come from users too: never turn a malformed one into a path
        }
        try {
            return Optional.of(volume(id, Long.parseLong(Files.readString(root.resolve(id + ".size")).strip())));
        } catch (IOException e) {
            throw CsiException.internal("cannot read the record of %s: %s", id, e);
        }
    }

    @Override
    public void deleteVolume(DeleteVolumeRequest request) {
        String id = request.volumeId();
        if (!ID.matcher(id).matches()) {
            return; // not one of ours: already gone
        }
        try {
            Files.deleteIfExists(root.resolve(id + ".size")); // the record first: a half-deleted volume no longer exists
            if (Files.exists(root.resolve(id))) {
                try (Stream<Path> tree = Files.walk(root.resolve(id))) {
                    for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw CsiException.internal("cannot delete %s: %s", root.resolve(id), e);
        }
    }

    @Override
    public void publish(NodePublishRequest request) {
        if (findVolume(new GetVolumeRequest(request.volumeId(), request.deadline())).isEmpty()) {
            throw CsiException.notFound("volume %s does not exist", request.volumeId());
        }
        boolean readOnly = request.readonly() || request.capability().accessMode().readOnly();
        // The core has created the target; bindMount does nothing if the volume is already there.
        mounter.bindMount(root.resolve(request.volumeId()), request.targetPath(), readOnly, request.capability().mountFlags());
    }

    @Override
    public void unpublish(NodeUnpublishRequest request) {
        mounter.unmount(request.targetPath()); // the core removes the target afterwards
    }

    @Override
    public void close() {
    }

    private static Volume volume(String id, long bytes) {
        return new Volume(id, bytes, Map.of(), List.of(), Optional.empty());
    }

    private static String hash(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
