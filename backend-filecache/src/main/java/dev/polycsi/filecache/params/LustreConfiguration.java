package dev.polycsi.filecache.params;

import dev.polycsi.filecache.params.Shorthand.Record;
import dev.polycsi.filecache.params.Shorthand.Scalar;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CreateFileCache's LustreConfiguration, every field of which FSx requires and offers one value
 * for: the StorageClass's {@code LustreConfiguration} shorthand (defaults as in the official
 * driver) and {@code weeklyMaintenanceStartTime}.
 *
 * @param deploymentType             CACHE_1
 * @param perUnitStorageThroughput   MB/s per TiB of cache storage: 1000
 * @param metadataStorageCapacity    GiB of the metadata target (MetadataConfiguration.StorageCapacity): 2400
 * @param weeklyMaintenanceStartTime {@code d:HH:MM} in UTC, d from 1 (Monday) to 7; empty lets FSx pick one
 */
public record LustreConfiguration(
        CacheDeploymentType deploymentType,
        int perUnitStorageThroughput,
        int metadataStorageCapacity,
        Optional<String> weeklyMaintenanceStartTime) {

    public static final String KEY = "LustreConfiguration";
    public static final int PER_UNIT_STORAGE_THROUGHPUT = 1000;
    public static final int METADATA_STORAGE_CAPACITY = 2400;
    /** What the official driver sends when LustreConfiguration is left out. */
    public static final LustreConfiguration DEFAULT = new LustreConfiguration(CacheDeploymentType.CACHE_1, PER_UNIT_STORAGE_THROUGHPUT,
            METADATA_STORAGE_CAPACITY, Optional.empty());

    static final String DEPLOYMENT_TYPE = "DeploymentType";
    static final String THROUGHPUT = "PerUnitStorageThroughput";
    static final String METADATA = "MetadataConfiguration";
    static final String STORAGE_CAPACITY = "StorageCapacity";
    /** What Go's strconv.ParseInt takes in base 10, which the official driver uses. */
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    static final String ALLOWED = "DeploymentType=CACHE_1,PerUnitStorageThroughput=1000,MetadataConfiguration={StorageCapacity=2400}, "
            + "any of the three keys in any order";

    public LustreConfiguration {
        Objects.requireNonNull(deploymentType, "deploymentType");
        Objects.requireNonNull(weeklyMaintenanceStartTime, "weeklyMaintenanceStartTime");
        if (perUnitStorageThroughput != PER_UNIT_STORAGE_THROUGHPUT || metadataStorageCapacity != METADATA_STORAGE_CAPACITY) {
            throw new IllegalArgumentException("File Cache offers 1000 MB/s/TiB and a 2400 GiB metadata target only, not "
                    + perUnitStorageThroughput + " and " + metadataStorageCapacity);
        }
    }

    public LustreConfiguration withWeeklyMaintenanceStartTime(Optional<String> startTime) {
        return new LustreConfiguration(deploymentType, perUnitStorageThroughput, metadataStorageCapacity, startTime);
    }

    /** The shorthand the official driver reads, without the maintenance time, which is a parameter of its own. */
    public String toShorthand() {
        return "%s=%s,%s=%d,%s={%s=%d}".formatted(DEPLOYMENT_TYPE, deploymentType, THROUGHPUT, perUnitStorageThroughput, METADATA,
                STORAGE_CAPACITY, metadataStorageCapacity);
    }

    /** The {@code LustreConfiguration} parameter: keys left out take the official driver's defaults. */
    static LustreConfiguration parse(String text) {
        Source source = new Source(KEY, text);
        Record record = Shorthand.single(source);
        Fields fields = new Fields(source, record, KEY, List.of(DEPLOYMENT_TYPE, THROUGHPUT, METADATA));
        fields.scalar(DEPLOYMENT_TYPE).ifPresent(type -> {
            if (!type.text().equals(CacheDeploymentType.CACHE_1.name())) {
                throw fields.fault(type.start(), "'%s' %s: File Cache offers CACHE_1 only%s", DEPLOYMENT_TYPE, Source.clip(type.text()),
                        type.text().equalsIgnoreCase(CacheDeploymentType.CACHE_1.name()) ? " (values are case-sensitive: write CACHE_1)" : "");
            }
        });
        fields.scalar(THROUGHPUT).ifPresent(throughput -> requireNumber(fields, THROUGHPUT, throughput, PER_UNIT_STORAGE_THROUGHPUT, "MB/s/TiB"));
        fields.group(METADATA, METADATA + "={" + STORAGE_CAPACITY + "=2400}").ifPresent(group -> {
            Fields metadata = new Fields(source, group, METADATA, List.of(STORAGE_CAPACITY));
            Scalar capacity = metadata.requiredScalar(STORAGE_CAPACITY, METADATA + "={" + STORAGE_CAPACITY + "=2400}");
            requireNumber(metadata, STORAGE_CAPACITY, capacity, METADATA_STORAGE_CAPACITY, "GiB");
        });
        return DEFAULT;
    }

    /** {@code value} must be a decimal integer (as Go's ParseInt reads it) equal to {@code only}. */
    private static void requireNumber(Fields fields, String key, Scalar value, int only, String unit) {
        long number;
        try {
            if (!INTEGER.matcher(value.text()).matches()) {
                throw new NumberFormatException();
            }
            number = Long.parseLong(value.text());
        } catch (NumberFormatException e) {
            throw fields.fault(value.start(), "'%s' %s is not an integer", key, Source.clip(value.text()));
        }
        if (number != only) {
            throw fields.fault(value.start(), "'%s' %s: File Cache offers %d %s only", key, Source.clip(value.text()), only, unit);
        }
    }
}
