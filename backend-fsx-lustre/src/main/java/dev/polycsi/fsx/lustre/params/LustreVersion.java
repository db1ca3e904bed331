package dev.polycsi.fsx.lustre.params;

/** FileSystemTypeVersion: the Lustre version FSx runs. */
public enum LustreVersion {
    V2_10("2.10"),
    V2_12("2.12"),
    V2_15("2.15");

    private final String wire;

    LustreVersion(String wire) {
        this.wire = wire;
    }

    /** The value as CreateFileSystem takes it. */
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }
}
