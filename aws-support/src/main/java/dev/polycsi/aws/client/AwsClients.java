package dev.polycsi.aws.client;

import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.metrics.AwsCallObserver;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds SDK clients of any service from {@link AwsAccess}: its region, endpoint and static
 * credentials where given, otherwise the SDK's own look-ups. Under {@code --simulate} all of
 * them are given, so that no client can reach past loopback.
 */
public final class AwsClients {

    private AwsClients() {
    }

    /** A client with an HTTP client of its own, which closes with it. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, AwsAccess access,
            ClientConfig config) {
        builder.httpClientBuilder(httpClientBuilder(config));
        return configure(builder, access, config, List.of()).build();
    }

    /**
     * A client on a shared HTTP client (see {@link #httpClient}), which the caller closes after
     * the clients, since a client given its HTTP client does not close it. {@code interceptors}
     * run on every request, e.g. client-side pacing.
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, AwsAccess access,
            ClientConfig config, SdkHttpClient http, List<ExecutionInterceptor> interceptors) {
        builder.httpClient(http);
        return configure(builder, access, config, interceptors).build();
    }

    /** An HTTP client for several SDK clients; the socket timeout is the attempt timeout. */
    public static SdkHttpClient httpClient(ClientConfig config) {
        return httpClientBuilder(config).build();
    }

    private static UrlConnectionHttpClient.Builder httpClientBuilder(ClientConfig config) {
        return UrlConnectionHttpClient.builder().connectionTimeout(ClientConfig.CONNECT_TIMEOUT).socketTimeout(config.attemptTimeout());
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder, AwsAccess access,
            ClientConfig config, List<ExecutionInterceptor> interceptors) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                // a strategy per client: its adaptive rate limiter then slows down only the calls that are throttled
                .retryStrategy(AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(config.maxAttempts()).build())
                .apiCallAttemptTimeout(config.attemptTimeout())
                .apiCallTimeout(config.callTimeout())
                .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, UserAgent.VALUE);
        interceptors.forEach(override::addExecutionInterceptor);
        if (access.calls() != AwsCallObserver.NONE) {
            CallRecorder recorder = new CallRecorder(access.calls());
            override.addExecutionInterceptor(recorder).addMetricPublisher(recorder);
        }
        builder.overrideConfiguration(override.build());
        access.region().map(Region::of).ifPresent(builder::region);
        access.endpoint().ifPresent(builder::endpointOverride);
        if (access.accessKeyId().isPresent() && access.secretAccessKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(access.accessKeyId().get(), access.secretAccessKey().get())));
        }
        return builder;
    }
}
