package dev.polycsi.reliability.controller;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.fsx.FSxClient;
import software.amazon.awssdk.services.fsx.model.Backup;
import software.amazon.awssdk.services.fsx.model.FileCache;
import software.amazon.awssdk.services.fsx.model.FileSystem;
import software.amazon.awssdk.services.fsx.model.FileSystemType;
import software.amazon.awssdk.services.fsx.model.Tag;

/**
 * What the simulator holds, read as an operator would through the AWS APIs: each resource the
 * backends made, by the CSI name they gave it (the CSIVolumeName and CSIVolumeSnapshotName tags,
 * the access point's client token), and EBS attachments by their volume's name. A resource on its
 * way out (deleting) counts as gone; one that failed still counts, it is still there to pay for.
 */
public final class Inventory implements AutoCloseable {

    static final String VOLUME_NAME_TAG = "CSIVolumeName";
    static final String SNAPSHOT_NAME_TAG = "CSIVolumeSnapshotName";
    private static final Set<String> ATTACHED = Set.of("attaching", "attached", "busy");

    private final Ec2Client ec2;
    private final EfsClient efs;
    private final FSxClient fsx;

    public Inventory(URI endpoint) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("reliability", "reliability"));
        this.ec2 = Ec2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.efs = EfsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.fsx = FSxClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** One resource: its cloud id, the CSI name it carries (empty: none), and its state. */
    public record Resource(Kind kind, String id, Optional<String> name, String state) {
        @Override
        public String toString() {
            return kind.label() + " " + id + name.map(n -> " (" + n + ")").orElse("") + " " + state;
        }
    }

    /** Every resource there is now, but those on their way out. */
    public List<Resource> read() {
        List<Resource> resources = new ArrayList<>();
        ec2.describeVolumesPaginator(r -> { }).volumes().forEach(volume -> readVolume(volume, resources));
        ec2.describeSnapshotsPaginator(r -> r.ownerIds("self")).snapshots().forEach(snapshot -> readSnapshot(snapshot, resources));
        for (FileSystemDescription fileSystem : efs.describeFileSystemsPaginator(r -> { }).fileSystems()) {
            for (AccessPointDescription accessPoint : efs.describeAccessPointsPaginator(r -> r.fileSystemId(fileSystem.fileSystemId())).accessPoints()) {
                String state = accessPoint.lifeCycleStateAsString();
                if (!state.startsWith("delet")) {
                    resources.add(new Resource(Kind.EFS_ACCESS_POINT, accessPoint.accessPointId(), Optional.ofNullable(accessPoint.clientToken()), state));
                }
            }
        }
        for (FileSystem fileSystem : fsx.describeFileSystemsPaginator(r -> { }).stream().flatMap(page -> page.fileSystems().stream()).toList()) {
            if (fileSystem.fileSystemType() == FileSystemType.LUSTRE && !fileSystem.lifecycleAsString().equals("DELETING")) {
                resources.add(new Resource(Kind.LUSTRE_FILE_SYSTEM, fileSystem.fileSystemId(), tag(fileSystem.tags(), VOLUME_NAME_TAG),
                        fileSystem.lifecycleAsString()));
            }
        }
        for (FileCache cache : fsx.describeFileCachesPaginator(r -> { }).stream().flatMap(page -> page.fileCaches().stream()).toList()) {
            if (!cache.lifecycleAsString().equals("DELETING")) {
                List<Tag> tags = fsx.listTagsForResource(r -> r.resourceARN(cache.resourceARN())).tags();
                resources.add(new Resource(Kind.FILE_CACHE, cache.fileCacheId(), tag(tags, VOLUME_NAME_TAG), cache.lifecycleAsString()));
            }
        }
        fsx.describeVolumesPaginator(r -> { }).volumes().forEach(volume -> {
            if (!volume.lifecycleAsString().equals("DELETING") && !volume.lifecycleAsString().equals("DELETED")) {
                resources.add(new Resource(Kind.ONTAP_VOLUME, volume.volumeId(), tag(volume.tags(), VOLUME_NAME_TAG), volume.lifecycleAsString()));
            }
        });
        for (Backup backup : fsx.describeBackupsPaginator(r -> { }).stream().flatMap(page -> page.backups().stream()).toList()) {
            if (!backup.lifecycleAsString().equals("DELETED")) {
                resources.add(new Resource(Kind.ONTAP_BACKUP, backup.backupId(), tag(backup.tags(), SNAPSHOT_NAME_TAG), backup.lifecycleAsString()));
            }
        }
        return resources;
    }

    /**
     * Detaches every EBS volume and waits until none is attached: the simulator backs the node's
     * attachments with loop devices of this host, which its end would leave behind.
     */
    public void detachAll(java.time.Duration timeout) throws InterruptedException {
        long giveUp = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Volume> attached = ec2.describeVolumesPaginator(r -> { }).volumes().stream()
                    .filter(v -> v.attachments().stream().anyMatch(a -> !a.stateAsString().equals("detached"))).toList();
            if (attached.isEmpty() || System.nanoTime() > giveUp) {
                return;
            }
            for (Volume volume : attached) {
                volume.attachments().stream().filter(a -> a.stateAsString().equals("attached")).forEach(a ->
                        ec2.detachVolume(r -> r.volumeId(volume.volumeId()).instanceId(a.instanceId()).force(true)));
            }
            Thread.sleep(200);
        }
    }

    private static void readVolume(Volume volume, List<Resource> resources) {
        String state = volume.stateAsString();
        if (state.equals("deleting") || state.equals("deleted")) {
            return;
        }
        Optional<String> name = volume.tags().stream().filter(t -> t.key().equals(VOLUME_NAME_TAG)).map(t -> t.value()).findFirst();
        resources.add(new Resource(Kind.EBS_VOLUME, volume.volumeId(), name, state));
        volume.attachments().stream().filter(a -> ATTACHED.contains(a.stateAsString())).forEach(attachment ->
                resources.add(new Resource(Kind.EBS_ATTACHMENT, volume.volumeId() + "@" + attachment.instanceId(), name,
                        attachment.stateAsString())));
    }

    private static void readSnapshot(Snapshot snapshot, List<Resource> resources) {
        Optional<String> name = snapshot.tags().stream().filter(t -> t.key().equals(SNAPSHOT_NAME_TAG)).map(t -> t.value()).findFirst();
        resources.add(new Resource(Kind.EBS_SNAPSHOT, snapshot.snapshotId(), name, snapshot.stateAsString()));
    }

    private static Optional<String> tag(List<Tag> tags, String key) {
        return tags.stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst();
    }

    /** Resources per CSI name, those without one under the empty name. */
    static Map<Ledger.Key, List<Resource>> byName(List<Resource> resources) {
        Map<Ledger.Key, List<Resource>> byName = new TreeMap<>();
        BiConsumer<Ledger.Key, Resource> add = (key, resource) -> byName.computeIfAbsent(key, k -> new ArrayList<>()).add(resource);
        resources.forEach(resource -> add.accept(new Ledger.Key(resource.kind(), resource.name().orElse("")), resource));
        return byName;
    }

    @Override
    public void close() {
        ec2.close();
        efs.close();
        fsx.close();
    }
}
