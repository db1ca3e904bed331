package dev.polycsi.spi;

/**
 * The version of this SPI, as {@code MAJOR.MINOR}. A plugin records the version it was compiled
 * against in its JAR manifest ({@value #MANIFEST_ATTRIBUTE}); the driver loads it when the
 * majors are equal and the plugin's minor is not newer than the driver's, and refuses it
 * otherwise, naming the JAR and both versions. A minor release only adds: default methods, and
 * components of the request records (plugins read requests; only the core builds them).
 */
public final class SpiVersion {

    /** The SPI version of this build. Kept equal to the {@code polycsi.spi.version} Maven property by a test. */
    public static final String CURRENT = "2.1";

    /** The manifest attribute in which a plugin names the SPI version it was built against. */
    public static final String MANIFEST_ATTRIBUTE = "Polycsi-Spi-Version";

    private SpiVersion() {
    }

    /** Whether a plugin built against {@code built} runs on an SPI of version {@code runtime}. */
    public static boolean compatible(String built, String runtime) {
        int[] b = parse(built);
        int[] r = parse(runtime);
        return b[0] == r[0] && b[1] <= r[1];
    }

    /** {@code MAJOR.MINOR} as two numbers; IllegalArgumentException naming the text otherwise. */
    public static int[] parse(String version) {
        String[] parts = version == null ? new String[0] : version.trim().split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("'" + version + "' is not a MAJOR.MINOR version");
        }
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + version + "' is not a MAJOR.MINOR version");
        }
    }
}
