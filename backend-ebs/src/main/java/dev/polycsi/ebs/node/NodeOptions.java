package dev.polycsi.ebs.node;

import java.util.Optional;

/**
 * Node settings of the EBS backend.
 *
 * @param volumeAttachLimit          max_volumes_per_node to report instead of the computed one
 * @param reservedVolumeAttachments  attachments to keep free for volumes outside this driver,
 *                                   instead of the count of the instance's own block device mappings
 * @param legacyXfs                  format xfs so that kernels older than 5.10 can mount it
 */
public record NodeOptions(Optional<Integer> volumeAttachLimit, Optional<Integer> reservedVolumeAttachments, boolean legacyXfs) {}
