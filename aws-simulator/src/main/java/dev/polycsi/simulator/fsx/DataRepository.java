package dev.polycsi.simulator.fsx;

/**
 * The legacy S3 link of a SCRATCH or PERSISTENT_1 file system (not data repository associations).
 *
 * @param exportPath      as given, or FSx's default {@code s3://bucket/FSxLustre<creation time>}
 * @param importedFileChunkSize MiB, 1024 by default
 */
record DataRepository(String importPath, String exportPath, int importedFileChunkSize, String autoImportPolicy) {
}
