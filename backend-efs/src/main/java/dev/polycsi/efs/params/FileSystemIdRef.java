package dev.polycsi.efs.params;

/**
 * Where fileSystemIdConfigRef or fileSystemIdSecretRef find the file system id: {@code namespace/name/key}
 * of a ConfigMap or Secret, as aws-efs-csi-driver writes it (three parts, each trimmed, none empty).
 */
public record FileSystemIdRef(String namespace, String name, String key) {

    /** For the parameter schema: an {@link IllegalArgumentException} says what is wrong. */
    static FileSystemIdRef parse(String value) {
        String[] parts = value.strip().split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("'" + value + "' is not namespace/name/key");
        }
        FileSystemIdRef ref = new FileSystemIdRef(parts[0].strip(), parts[1].strip(), parts[2].strip());
        if (ref.namespace.isEmpty() || ref.name.isEmpty() || ref.key.isEmpty()) {
            throw new IllegalArgumentException("namespace, name and key must not be empty in '" + value + "'");
        }
        return ref;
    }

    @Override
    public String toString() {
        return namespace + "/" + name + "/" + key;
    }
}
