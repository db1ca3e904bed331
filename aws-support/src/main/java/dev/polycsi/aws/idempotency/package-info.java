/**
 * Idempotent creation by name: {@link dev.polycsi.aws.idempotency.IdempotentCreate} (look up by the
 * {@code CSIVolumeName} tag, compare, create with a client token, look again on a token conflict)
 * and {@link dev.polycsi.aws.idempotency.ClientTokens} (tokens derived from the name, with
 * generations for tokens the service refuses). Typed by the service's resource, so that EC2
 * volumes, FSx file systems and volumes, and File Caches all go through the same steps.
 */
package dev.polycsi.aws.idempotency;
