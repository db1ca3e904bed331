package dev.polycsi.spi;

/** CSI access modes, with the Kubernetes names users know them by. */
public enum AccessMode {
    /** ReadWriteOnce. */
    SINGLE_NODE_WRITER,
    SINGLE_NODE_READER_ONLY,
    /** ReadOnlyMany. */
    MULTI_NODE_READER_ONLY,
    MULTI_NODE_SINGLE_WRITER,
    /** ReadWriteMany. */
    MULTI_NODE_MULTI_WRITER,
    /** ReadWriteOncePod. */
    SINGLE_NODE_SINGLE_WRITER,
    SINGLE_NODE_MULTI_WRITER;

    public boolean readOnly() {
        return this == SINGLE_NODE_READER_ONLY || this == MULTI_NODE_READER_ONLY;
    }

    public boolean multiNode() {
        return this == MULTI_NODE_READER_ONLY || this == MULTI_NODE_SINGLE_WRITER || this == MULTI_NODE_MULTI_WRITER;
    }
}
