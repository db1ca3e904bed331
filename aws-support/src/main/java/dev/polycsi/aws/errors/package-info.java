/**
 * One style of turning AWS SDK failures into CSI codes. Each backend keeps its service's table of
 * error codes (EC2's {@code InvalidVolume.NotFound}, FSx's {@code FileSystemNotFound}) and hands it
 * to an {@link dev.polycsi.aws.errors.AwsErrorMapper}, which adds what all AWS APIs share:
 * throttling, server errors and timeouts, credentials, and the HTTP status for codes no table knows.
 */
package dev.polycsi.aws.errors;
