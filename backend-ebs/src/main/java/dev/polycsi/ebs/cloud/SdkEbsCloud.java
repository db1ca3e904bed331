package dev.polycsi.ebs.cloud;

import dev.polycsi.spi.AwsAccess;

/** {@link EbsCloud} over the AWS SDK's EC2 client. */
public final class SdkEbsCloud {

    private SdkEbsCloud() {
    }

    /** An EC2 client configured from {@code aws} (region, endpoint, credentials when given), with adaptive retries. */
    public static EbsCloud create(AwsAccess aws, CloudOptions options) {
        throw new UnsupportedOperationException("not written yet");
    }
}
