package org.civiupgrade.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.support.ProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes: their own process group, recorded pid and start time, killed as a group. */
class UpgraderProcessGroupTest {
    @TempDir
    Path tmp;

    private static void assumeLinuxGroups() {
        assumeTrue(ProcessGroups.setsid() != null && ProcessStart.procAvailable(),
                "needs the setsid program and /proc (Linux); elsewhere children stay in the JVM's group");
    }

    @Test
    void theChildLeadsItsOwnProcessGroupAndIsRecordedBeforeItIsWaitedOn() throws Exception {
        assumeLinuxGroups();
        List<String> events = new CopyOnWriteArrayList<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        ChildWatch.Recorder recorder = new ChildWatch.Recorder() {
            @Override
            public void started(long pid, String start, String command) {
                // the child is running while it is recorded: the runner has not waited on it yet
                events.add("started " + pid + " " + start + " " + ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                        + " " + command);
            }

            @Override
            public void ended(long pid) {
                events.add("ended " + pid);
            }
        };
        ProcessRunner.Result r;
        try (ChildWatch.Installed w = ChildWatch.install(recorder)) {
            r = ProcessRunner.command(List.of("sh", "-c", "echo $$; cat /proc/$$/stat; sleep 0.3")).onLine(lines::add).run();
        }
        assertThat(r.exitCode()).isZero();
        long pid = Long.parseLong(lines.get(0));
        String stat = lines.get(1);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 1).trim().split("\\s+");
        assertThat(Long.parseLong(fields[2])).as("process group of the child").isEqualTo(pid);
        assertThat(Long.parseLong(fields[2])).isNotEqualTo(ProcessStart.group(ProcessHandle.current().pid()).getAsLong());
        assertThat(events).containsExactly("started " + pid + " ticks:" + fields[19] + " true sh -c 'echo $$; cat /proc/$$/stat; sleep 0.3'",
                "ended " + pid);
    }

    @Test
    void aTimeoutKillsTheWholeGroupEvenAGrandchildThatLeftItsParent() throws Exception {
        assumeLinuxGroups();
        Path orphan = tmp.resolve("orphan.pid");
        // the grandchild is orphaned at once (its parent subshell exits), so only its process group finds it
        assertThatThrownBy(() -> ProcessRunner.command(List.of("sh", "-c", "(sleep 300 & echo $! > '" + orphan + "'); sleep 300"))
                .timeout(Duration.ofMillis(1500)).run())
                .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROCESS_FAILED));
        long grandchild = Long.parseLong(Files.readString(orphan).trim());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ProcessStart.of(grandchild)).as("grandchild %d", grandchild).isEqualTo(ProcessStart.EXITED);
    }

    @Test
    void aGatedChildWhoseCallerDiesBeforeRecordingItNeverRunsTheProgram() throws Exception {
        assumeLinuxGroups();
        Path ran = tmp.resolve("ran");
        ProcessGroups.Launch launch = ProcessGroups.inOwnGroup(List.of("touch", ran.toString()), System.getenv("PATH"));
        assertThat(launch.gated()).isTrue();
        Process p = new ProcessBuilder(launch.command()).start();
        p.getOutputStream().close(); // the caller died: its end of the pipe closed without the go
        assertThat(p.waitFor()).isEqualTo(125);
        assertThat(ran).doesNotExist();

        Process q = new ProcessBuilder(launch.command()).start();
        ProcessGroups.open(q);
        assertThat(q.waitFor()).isZero();
        assertThat(ran).exists();
    }

    @Test
    void aRecordedChildIsFoundOnlyWithTheSamePidAndStartTime() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            long pid = sleeper.pid();
            String start = ProcessStart.of(pid);
            assertThat(start).isNotIn(ProcessStart.EXITED, ProcessStart.UNKNOWN);
            assertThat(LiveUpgraders.find(pid, start, "sleep 60")).get().satisfies(l -> {
                assertThat(l.pids()).startsWith(pid);
                assertThat(l.describe()).contains("pid " + pid, "sleep 60");
            });
            String earlier = start.startsWith("ticks:") ? "ticks:" + (Long.parseLong(start.substring(6)) - 1)
                    : "instant:2000-01-01T00:00:00Z";
            assertThat(LiveUpgraders.find(pid, earlier, "sleep 60")).as("a later process given the same pid").isEmpty();
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
        assertThat(LiveUpgraders.find(sleeper.pid(), ProcessStart.EXITED, "sleep 60")).isEmpty();
        List<Long> none = new ArrayList<>(ProcessGroups.members(sleeper.pid(), null));
        assertThat(none).isEmpty();
    }
}
