package org.civiupgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Release;
import org.civiupgrade.RunStatus;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.Version;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.FakeRelease;
import org.civiupgrade.testkit.SiteFingerprint;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrader (a small script standing in for cv, which sleeps) of a run whose JVM dies: with
 * SIGTERM the JVM's shutdown hook kills it; with SIGKILL it survives, and {@code status} and
 * {@code recover} find it by its journaled pid and start time and refuse (exit 8, changing nothing)
 * until it is stopped, after which {@code recover} restores the site.
 */
@WithTestDatabase
class UpgraderOutlivesRunTest {
    @TempDir
    Path tmp;
    private final List<Long> started = new ArrayList<>();

    @AfterEach
    void stopLeftovers() {
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private static boolean linuxGroups() {
        return Files.isExecutable(Path.of("/usr/bin/setsid")) && Files.isReadable(Path.of("/proc/self/stat"));
    }

    /** Starts 'run' in a child JVM with a cv that never finishes; returns the JVM once cv runs, cv's pid in {@code cvPid}. */
    private Process startRun(FakeDrupalSite fake, Path cvPid) throws Exception {
        Path tarball = FakeRelease.of("4.7.0").writeTo(tmp.resolve("dl"));
        Path cv = Files.writeString(Files.createDirectories(tmp.resolve("bin")).resolve("cv"),
                "#!/bin/sh\necho $$ > '" + cvPid + "'\nexec sleep 300\n");
        Files.setPosixFilePermissions(cv, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CiviUpgradeCommand.class.getName(), "run", fake.root().toString(),
                "--release", tarball.toString(), "--upgrader", "cv", "--upgrader-path", cv.toString(),
                "--work-dir", tmp.resolve("work").toString()));
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        started.add(jvm.pid());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!(Files.exists(cvPid) && Files.size(cvPid) > 0) && jvm.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.exists(cvPid)).as(Files.exists(tmp.resolve("child.log")) ? Files.readString(tmp.resolve("child.log")) : "").isTrue();
        started.add(Long.parseLong(Files.readString(cvPid).trim()));
        return jvm;
    }

    private static boolean dies(long pid, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void afterSigkillOfTheRunTheLiveUpgraderBlocksRecoveryUntilItIsStopped(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules().create(tmp.resolve("site"), db);
        SiteFingerprint before = SiteFingerprint.of(fake.root(), db.dataSource());
        String work = tmp.resolve("work").toString();
        Path cvPid = tmp.resolve("cv.pid");
        Process jvm = startRun(fake, cvPid);
        long cv = Long.parseLong(Files.readString(cvPid).trim());
        jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(dies(cv, Duration.ofSeconds(1))).as("cv outlives a SIGKILLed run").isFalse();
        String journal = Files.readString(Files.list(tmp.resolve("work/runs")).findFirst().orElseThrow().resolve("journal.jsonl"));
        assertThat(journal).contains("\"kind\":\"child-started\"", "\"pid\":" + cv);

        CiviUpgradeCommandTest.Outcome status = CiviUpgradeCommandTest.cli("status", fake.root().toString(), "--work-dir", work, "--json");
        assertThat(status.exit()).isEqualTo(ExitCodes.UPGRADER_RUNNING);
        assertThat(status.json().get("runningUpgraders").get(0).asText()).contains("pid " + cv, "cv");
        if (linuxGroups()) {
            assertThat(status.json().get("runningUpgraders").get(0).asText()).contains("kill -TERM -- -" + cv);
        }
        CiviUpgradeCommandTest.Outcome refused = CiviUpgradeCommandTest.cli("recover", fake.root().toString(), "--work-dir", work);
        assertThat(refused.exit()).isEqualTo(ExitCodes.UPGRADER_RUNNING);
        assertThat(refused.err()).contains("still running", "pid " + cv);
        assertThat(Release.installedVersion(fake.civicrmDir())).as("recover changed nothing").isEqualTo(Version.parse("4.7.0"));
        assertThat(ExitCodes.of(ErrorCode.UPGRADER_STILL_RUNNING)).isEqualTo(ExitCodes.UPGRADER_RUNNING);

        ProcessHandle.of(cv).ifPresent(ProcessHandle::destroyForcibly);
        assertThat(dies(cv, Duration.ofSeconds(30))).isTrue();
        assertThat(CiviUpgradeCommandTest.cli("status", fake.root().toString(), "--work-dir", work).exit()).isEqualTo(ExitCodes.NEEDS_RECOVERY);
        CiviUpgradeCommandTest.Outcome recovered = CiviUpgradeCommandTest.cli("recover", fake.root().toString(), "--work-dir", work, "--json");
        assertThat(recovered.exit()).as(recovered.err()).isEqualTo(ExitCodes.OK);
        assertThat(UpgradeResult.fromJson(recovered.out()).status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse("4.4.0"));
        assertThat(SiteFingerprint.of(fake.root(), db.dataSource()).diff(before).stream()
                .filter(d -> !d.matches("^. table:db\\.cache(_[a-z_]+)?:rows: .*"))
                .filter(d -> !d.matches("^\\+ file:root/sites/default/files/civicrm/templates_c/.+")).toList()).isEmpty();
        assertThat(CiviUpgradeCommandTest.cli("status", fake.root().toString(), "--work-dir", work).exit()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void sigtermOfTheRunKillsTheUpgraderWithIt(TestDatabase db) throws Exception {
        assumeTrue(linuxGroups(), "the shutdown hook kills the upgrader's process group where setsid and /proc exist");
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").withBundledIntegrationModules().create(tmp.resolve("site"), db);
        Path cvPid = tmp.resolve("cv.pid");
        Process jvm = startRun(fake, cvPid);
        long cv = Long.parseLong(Files.readString(cvPid).trim());
        jvm.destroy(); // SIGTERM: shutdown hooks run
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dies(cv, Duration.ofSeconds(15))).as("cv %d died with the run", cv).isTrue();
        String work = tmp.resolve("work").toString();
        assertThat(CiviUpgradeCommandTest.cli("status", fake.root().toString(), "--work-dir", work).exit()).isEqualTo(ExitCodes.NEEDS_RECOVERY);
        CiviUpgradeCommandTest.Outcome recovered = CiviUpgradeCommandTest.cli("recover", fake.root().toString(), "--work-dir", work);
        assertThat(recovered.exit()).as(recovered.err()).isEqualTo(ExitCodes.OK);
        assertThat(Release.installedVersion(fake.civicrmDir())).isEqualTo(Version.parse("4.4.0"));
    }
}
