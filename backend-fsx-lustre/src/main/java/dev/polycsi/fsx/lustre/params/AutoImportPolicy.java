package dev.polycsi.fsx.lustre.params;

/** Which changes in the linked S3 bucket (s3ImportPath) FSx imports on its own. */
public enum AutoImportPolicy {
    NONE,
    NEW,
    NEW_CHANGED,
    NEW_CHANGED_DELETED
}
