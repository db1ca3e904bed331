/**
 * This instance's metadata (IMDSv2): {@link dev.polycsi.aws.imds.Imds#at} gives the reader for a
 * metadata endpoint, shared by the whole process, so that the launcher's node id, the EBS node's
 * identity and the EFS node's zone cost one look-up each, not one per backend.
 */
package dev.polycsi.aws.imds;
