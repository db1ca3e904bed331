package dev.polycsi.fsx.lustre.params;

import java.util.Optional;

/**
 * The S3 bucket a file system is linked to at creation (FSx's legacy ImportPath link, which
 * SCRATCH_1, SCRATCH_2 and PERSISTENT_1 have; PERSISTENT_2 uses data repository associations).
 *
 * @param importPath       ImportPath, {@code s3://bucket[/prefix]}
 * @param exportPath       ExportPath in the same bucket; FSx picks {@code s3://bucket/FSxLustre<time>} when empty
 * @param autoImportPolicy AutoImportPolicy; FSx's default NONE when empty
 */
public record DataRepository(String importPath, Optional<String> exportPath, Optional<AutoImportPolicy> autoImportPolicy) {}
