/**
 * Merging concurrent look-ups by id into one Describe call
 * ({@code DescribeVolumes}, {@code DescribeFileSystems}, {@code DescribeFileCaches}):
 * {@link dev.polycsi.aws.batch.Batcher}, typed by key and value, so that any Describe-by-ids
 * call fits it, and so that many waiters polling together cost one call per round.
 */
package dev.polycsi.aws.batch;
