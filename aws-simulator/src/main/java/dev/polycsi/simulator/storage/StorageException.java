package dev.polycsi.simulator.storage;

/** The simulated block data could not be changed: a host tool failed or a file could not be written. */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
