package org.civiupgrade.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteLockHolderTest {
    @TempDir
    Path tmp;

    @Test
    void noWorkDirectoryMeansNoHolderAndNothingIsCreated() {
        Path work = tmp.resolve("work");
        assertThat(SiteLock.holder(work)).isEmpty();
        assertThat(work).doesNotExist();
    }

    @Test
    void aHeldLockNamesItsHolderAndAReleasedOneIsFree() {
        Path work = tmp.resolve("work");
        try (SiteLock lock = SiteLock.acquire(work, "upgrade")) {
            assertThat(SiteLock.holder(work)).hasValueSatisfying(h -> assertThat(h)
                    .startsWith("upgrade by process " + ProcessHandle.current().pid()));
            // the probe does not release or steal the lock
            assertThat(SiteLock.holder(work)).isPresent();
        }
        assertThat(Files.exists(work.resolve(SiteLock.FILE_NAME))).isTrue();
        assertThat(SiteLock.holder(work)).isEmpty();
        try (SiteLock again = SiteLock.acquire(work, "recovery")) {
            assertThat(SiteLock.holder(work)).hasValueSatisfying(h -> assertThat(h).startsWith("recovery by process"));
        }
    }
}
