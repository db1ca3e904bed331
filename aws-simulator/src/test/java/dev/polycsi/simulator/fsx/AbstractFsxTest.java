package dev.polycsi.simulator.fsx;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test with a fresh {@link FsxFixture} each, its data in a directory of its own. A subclass's
 * own {@code @BeforeEach} runs after the fixture has started, its {@code @AfterEach} before it
 * stops.
 */
abstract class AbstractFsxTest {

    @TempDir
    Path dataDir;

    FsxFixture fixture;

    @BeforeEach
    final void startFixture() {
        fixture = FsxFixture.start(dataDir);
    }

    @AfterEach
    final void stopFixture() {
        fixture.close();
    }
}
