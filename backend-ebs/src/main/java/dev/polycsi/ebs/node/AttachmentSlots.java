package dev.polycsi.ebs.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's EBS attachment slots as the scheduler counts them against max_volumes_per_node: the
 * EBS volumes attached now, as udev lists them by serial, less those the limit already leaves out
 * (the root and launch mappings, or {@code reserved-volume-attachments}); and the slots left.
 * Read from the by-id directory at each scrape, so that it shows volumes attached by anyone.
 */
final class AttachmentSlots {

    /** {@code nvme-Amazon_Elastic_Block_Store_vol0abc…}, also its {@code _1} namespace and {@code -partN} links. */
    private static final Pattern EBS_LINK = Pattern.compile(Pattern.quote(DeviceResolver.BY_ID_PREFIX) + "(vol[0-9a-f]{8,32}).*");

    private final Path byIdDirectory;
    private final int maxVolumes;
    private final int reservedForOthers;

    AttachmentSlots(Path byIdDirectory, int maxVolumes, int reservedForOthers) {
        this.byIdDirectory = byIdDirectory;
        this.maxVolumes = maxVolumes;
        this.reservedForOthers = reservedForOthers;
    }

    /** Attached EBS volumes beyond the reserved ones. */
    int used() {
        return Math.max(0, attachedVolumes() - reservedForOthers);
    }

    int available() {
        return Math.max(0, maxVolumes - used());
    }

    /** Distinct EBS volumes with a link in the by-id directory. */
    int attachedVolumes() {
        Set<String> volumes = new HashSet<>();
        try (DirectoryStream<Path> links = Files.newDirectoryStream(byIdDirectory)) {
            for (Path link : links) {
                Matcher matcher = EBS_LINK.matcher(link.getFileName().toString());
                if (matcher.matches()) {
                    volumes.add(matcher.group(1));
                }
            }
        } catch (NoSuchFileException e) {
            return 0; // udev makes the directory with the first disk that has an id
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + byIdDirectory, e);
        }
        return volumes.size();
    }
}
