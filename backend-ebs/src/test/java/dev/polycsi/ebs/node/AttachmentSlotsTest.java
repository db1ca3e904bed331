package dev.polycsi.ebs.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's EBS attachment slots, counted from udev's by-id links as the gauges read them at each scrape. */
class AttachmentSlotsTest {

    private static final String EBS = DeviceResolver.BY_ID_PREFIX;

    @TempDir
    Path dir;
    Path byId;

    @BeforeEach
    void createByIdDirectory() throws IOException {
        byId = Files.createDirectory(dir.resolve("by-id"));
    }

    @Test
    void eachEbsVolumeCountsOnceWhateverLinksUdevMadeForIt() throws IOException {
        // the root volume: disk, partitions, and the links of its namespace
        link(EBS + "vol0123456789abcdef0", "nvme0n1");
        link(EBS + "vol0123456789abcdef0-part1", "nvme0n1p1");
        link(EBS + "vol0123456789abcdef0-part128", "nvme0n1p128");
        link(EBS + "vol0123456789abcdef0_1", "nvme0n1");
        link(EBS + "vol0123456789abcdef0_1-part1", "nvme0n1p1");
        // a volume of the driver, and one with only its namespace link
        link(EBS + "vol0aaaaaaaaaaaaaaaa", "nvme1n1");
        link(EBS + "vol0bbbbbbbbbbbbbbbb_1", "nvme2n1");
        // an old 8-digit id, as the simulator's plain file
        Files.createFile(byId.resolve(EBS + "vol0cccccccc"));
        // not EBS
        link("nvme-Amazon_EC2_NVMe_Instance_Storage_AWS1234567890ABCDEF0", "nvme3n1");
        link("nvme-Amazon_EC2_NVMe_Instance_Storage_AWS1234567890ABCDEF0-part1", "nvme3n1p1");
        link("nvme-eui.0123456789abcdef", "nvme1n1");
        link("nvme-nvme.1d0f-766f6c30616161-416d617a6f6e-00000001", "nvme1n1");

        AttachmentSlots slots = new AttachmentSlots(byId, 25, 1);

        assertEquals(4, slots.attachedVolumes());
        assertEquals(3, slots.used(), "the root is one of the reserved attachments");
        assertEquals(22, slots.available());
    }

    @Test
    void aVolumeAttachedAfterStartIsCountedAtTheNextRead() throws IOException {
        link(EBS + "vol0123456789abcdef0", "nvme0n1");
        AttachmentSlots slots = new AttachmentSlots(byId, 25, 1);
        assertEquals(0, slots.used());

        link(EBS + "vol0aaaaaaaaaaaaaaaa", "nvme1n1");

        assertEquals(1, slots.used());
        assertEquals(24, slots.available());
    }

    @Test
    void moreReservedAttachmentsThanVolumesMeansNoSlotUsed() throws IOException {
        link(EBS + "vol0123456789abcdef0", "nvme0n1");

        AttachmentSlots slots = new AttachmentSlots(byId, 20, 3);

        assertEquals(0, slots.used());
        assertEquals(20, slots.available());
    }

    /** Volumes attached by someone else than the driver can fill more slots than it counts on: none is left, not fewer than none. */
    @Test
    void moreVolumesThanTheLimitLeaveNoSlotAvailable() throws IOException {
        for (String volume : new String[] {"vol0aaaaaaaaaaaaaaaa", "vol0bbbbbbbbbbbbbbbb", "vol0cccccccccccccccc"}) {
            link(EBS + volume, "nvme1n1");
        }

        AttachmentSlots slots = new AttachmentSlots(byId, 2, 0);

        assertEquals(3, slots.used());
        assertEquals(0, slots.available());
    }

    /** udev makes the directory with the first disk that has an id: a node without one has nothing attached. */
    @Test
    void aMissingDirectoryIsNothingAttached() {
        AttachmentSlots slots = new AttachmentSlots(dir.resolve("no-such"), 25, 1);

        assertEquals(0, slots.attachedVolumes());
        assertEquals(0, slots.used());
        assertEquals(25, slots.available());
    }

    /** A udev link, relative as udev makes them; its device need not exist here. */
    private void link(String name, String device) throws IOException {
        Files.createSymbolicLink(byId.resolve(name), Path.of("../../" + device));
    }
}
