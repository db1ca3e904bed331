package dev.polycsi.simulator.fsx;

/**
 * What an Amazon File Cache was created with, checked and with FSx's defaults filled in. The
 * rest of a cache's configuration has one possible value (LUSTRE 2.12, CACHE_1, 1000 MB/s/TiB,
 * a 2400 GiB metadata target) and is not kept.
 *
 * @param kmsKeyId               the key given, or the ARN of the account's aws/fsx key
 * @param copyTagsToAssociations whether the cache's tags were copied to its data repository associations
 */
record FileCacheSpec(int storageCapacity, String kmsKeyId, String weeklyMaintenanceStartTime, boolean copyTagsToAssociations) {

    static final String TYPE = "LUSTRE";
    static final String TYPE_VERSION = "2.12";
    static final String DEPLOYMENT_TYPE = "CACHE_1";
    static final int PER_UNIT_STORAGE_THROUGHPUT = 1000;
    static final int METADATA_STORAGE_CAPACITY = 2400;
}
