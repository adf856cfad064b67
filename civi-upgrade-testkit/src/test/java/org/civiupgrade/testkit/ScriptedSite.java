package org.civiupgrade.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.io.file.PathUtils;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Site;

/** A small site of files and key/value tables that scripted steps change, for engine tests. */
final class ScriptedSite {
    static final List<String> FILES = List.of("f0.txt", "f1.txt", "d0/f2.txt", "d0/f3.txt", "d1/f4.txt", "f5.txt", "d2/f6.txt");
    static final List<String> TABLES = List.of("kv1", "kv2");

    private ScriptedSite() {
    }

    /** Lays out the initial files and tables (some files and rows absent, so actions can create them). */
    static void reset(Path root, TestDatabase db) throws IOException {
        if (Files.exists(root)) {
            PathUtils.deleteDirectory(root);
        }
        Files.createDirectories(root);
        for (int i = 0; i < 5; i++) {
            Path f = root.resolve(FILES.get(i));
            Files.createDirectories(f.getParent());
            Files.writeString(f, "initial " + i + "\n", StandardCharsets.UTF_8);
        }
        for (String t : TABLES) {
            db.execute("DROP TABLE IF EXISTS `" + t + "`", "CREATE TABLE `" + t + "` (id INT PRIMARY KEY, v VARBINARY(255))");
            for (int id = 1; id <= 4; id++) {
                db.update("INSERT INTO `" + t + "` VALUES (?, ?)", id, ("row " + id + " \u0000\u00ff").getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        db.execute("DROP TABLE IF EXISTS `kv_new`");
    }

    static Site site(Path root, Path work, DatabaseCoordinates db) {
        return Site.builder(root).cms("Scripted", "1").civicrmCodeDir(root.resolve("civicrm")).cmsDatabase(db).workDir(work).build();
    }
}
