/**
 * Building AWS SDK clients the one way polycsi does: {@link dev.polycsi.aws.client.AwsClients#build}
 * takes any service's sync client builder ({@code Ec2Client.builder()}, {@code EfsClient.builder()},
 * {@code FSxClient.builder()}) and applies {@link dev.polycsi.spi.AwsAccess} (region, endpoint,
 * static credentials), the SDK's adaptive retries, timeouts per attempt and per call
 * ({@link dev.polycsi.aws.client.ClientConfig}), and the user agent {@code polycsi/<version>}.
 */
package dev.polycsi.aws.client;
