package org.civiupgrade.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {
    @TempDir
    Path tmp;

    @Test
    void streamsLinesFromBothStreamsInTheWorkingFolderAndMasksSecrets() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        ProcessRunner.Result r = ProcessRunner.command(List.of("sh", "-c", "pwd; echo \"pw=$1\"; echo err >&2; exit 3", "sh", "s3cr3t-pw"))
                .directory(tmp).secret("s3cr3t-pw").onLine(seen::add).run();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(seen).containsExactly(tmp.toRealPath().toString(), "pw=******", "err");
        assertThat(r.output()).doesNotContain("s3cr3t");
    }

    @Test
    void killsAProgramThatOutlivesItsTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> ProcessRunner.command(List.of("sh", "-c", "echo started; sleep 30")).timeout(Duration.ofMillis(500)).run())
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROCESS_FAILED))
                .hasMessageContaining("did not finish").hasMessageContaining("started");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void reportsAProgramThatCannotStart() {
        assertThatThrownBy(() -> ProcessRunner.command(List.of(tmp.resolve("no-such-cv").toString(), "--pw=secret1")).secret("secret1").run())
                .isInstanceOf(UpgradeException.class).hasMessageContaining("Cannot start").hasMessageNotContaining("secret1");
    }
}
