package dev.polycsi.aws.client;

import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * {@code polycsi/<version>}, appended to the SDK's user agent so that CloudTrail and AWS support
 * can tell our calls apart. The version comes from this JAR's own resource, filtered at build
 * time: a backend in a plugin directory cannot see the launcher's.
 */
final class UserAgent {

    static final String VALUE = "polycsi/" + version();

    private UserAgent() {
    }

    private static String version() {
        try {
            return ResourceBundle.getBundle("dev.polycsi.aws.client.version").getString("version");
        } catch (MissingResourceException e) {
            return "unknown";
        }
    }
}
