package dev.polycsi.aws.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** {@code polycsi/<version>}, appended to the SDK's user agent so that CloudTrail and AWS support can tell our calls apart. */
final class UserAgent {

    static final String VALUE = "polycsi/" + version();

    private UserAgent() {
    }

    /** From a resource filtered at build time, which survives shading and plugin directories alike. */
    private static String version() {
        try (InputStream in = UserAgent.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
