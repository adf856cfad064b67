package org.civiupgrade.reliability;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.civiupgrade.testkit.FakeRelease;
import org.junit.jupiter.api.Assumptions;

/**
 * Full disks: small tmpfs file systems mounted for a scenario (which needs the right to mount:
 * root in a container that allows it). Where mounting is refused the scenario is skipped
 * visibly, and counted as not passing.
 */
final class Disks {
    private Disks() {
    }

    /** Runs {@code mount} with the arguments; unmounts the last argument when the scenario ends unless {@code type} is null. */
    static void mount(Bench b, String type, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mount"));
        if (type != null && !type.startsWith("-")) {
            cmd.addAll(List.of("-t", type));
        } else if (type != null) {
            cmd.add(type);
        }
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        Assumptions.assumeTrue(rc == 0, "cannot mount here (" + String.join(" ", cmd) + ": " + out.trim() + ")");
        if (type != null) {
            String point = args[args.length - 1];
            b.cleanup(() -> {
                Process u = new ProcessBuilder("umount", "-l", point).redirectErrorStream(true).start();
                u.getInputStream().readAllBytes();
                u.waitFor();
            });
        }
    }

    /** Runs a system command for the scenario (skipped visibly where it is refused) and {@code undo} when it ends. */
    static void run(Bench b, List<String> cmd, List<String> undo) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        Assumptions.assumeTrue(rc == 0, "cannot run " + String.join(" ", cmd) + " here: " + out.trim());
        b.cleanup(() -> {
            Process u = new ProcessBuilder(undo).redirectErrorStream(true).start();
            u.getInputStream().readAllBytes();
            u.waitFor();
        });
    }

    /**
     * The work folder on a small disk ({@code size} as mount takes it), and a table of 4 MiB of random
     * bytes that its backup must hold (the check estimates about 2 MB from the table's size).
     */
    static void smallWorkDisk(Bench b, String size) throws Exception {
        Files.createDirectories(b.work);
        mount(b, "tmpfs", "-o", "size=" + size, "tmpfs", b.work.toString());
        bulkTable(b);
    }

    /** A CiviCRM table of 4 MiB of random bytes: its backup and restore take a while and need room. */
    static void bulkTable(Bench b) {
        b.db.execute("CREATE TABLE civicrm_bulk (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, data LONGBLOB) ENGINE=InnoDB");
        for (int i = 0; i < 8; i++) {
            b.db.update("INSERT INTO civicrm_bulk (data) VALUES (?)", (Object) randomBytes(512 * 1024));
        }
    }

    /** The Drupal root on a small disk nearly full, and a release that needs more than is left. */
    static void fullSiteDisk(Bench b) throws Exception {
        Path site = b.tmp.resolve("site");
        Files.createDirectories(site);
        mount(b, "tmpfs", "-o", "size=16m", "tmpfs", site.toString());
        b.release = FakeRelease.of(b.target).fillerFiles(600);
        b.afterCreate(bench -> {
            FileStore store = Files.getFileStore(site);
            long ballast = store.getUsableSpace() - 400 * 1024;
            try (var out = Files.newOutputStream(bench.fake.siteDir().resolve("files").resolve("ballast.bin"))) {
                byte[] chunk = new byte[64 * 1024];
                for (long done = 0; done < ballast; done += chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, ballast - done));
                }
            } catch (IOException full) {
                // the disk is as full as it gets
            }
        });
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new java.util.Random(n).nextBytes(b);
        return b;
    }
}
