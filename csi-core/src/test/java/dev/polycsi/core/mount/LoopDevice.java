package dev.polycsi.core.mount;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A loop device over a sparse file, for tests that need a real block device. */
final class LoopDevice implements AutoCloseable {

    private static final CommandRunner RUNNER = new ProcessCommandRunner();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path backingFile;
    private final Path device;

    private LoopDevice(Path backingFile, Path device) {
        this.backingFile = backingFile;
        this.device = device;
    }

    static LoopDevice create(Path backingFile, long size) throws IOException {
        setLength(backingFile, size);
        String device = RUNNER.run(List.of("losetup", "--find", "--show", backingFile.toString()), TIMEOUT)
                .orThrow().output().strip();
        return new LoopDevice(backingFile, Path.of(device));
    }

    Path device() {
        return device;
    }

    Path backingFile() {
        return backingFile;
    }

    /** Grows the backing file and tells the loop driver, as a cloud provider grows a volume. */
    void grow(long size) throws IOException {
        setLength(backingFile, size);
        RUNNER.run(List.of("losetup", "-c", device.toString()), TIMEOUT).orThrow();
    }

    @Override
    public void close() {
        RUNNER.run(List.of("losetup", "-d", device.toString()), TIMEOUT).orThrow();
    }

    private static void setLength(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
    }
}
