package org.civiupgrade.drupal7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithTestDatabase
class FixFilesFolderTest {
    @TempDir
    Path tmp;

    private static Map<String, String> modes(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                out.put(root.relativize(p).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS))
                        + " " + Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName());
            }
        }
        return out;
    }

    @Test
    void setsDocumentedModesAndOwnerAndAFailureRestoresEveryEntry(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().create(tmp, db);
        Site site = Runs.detect(fake, tmp.resolve("work"));
        Path files = fake.siteDir().resolve("files");
        Files.setPosixFilePermissions(fake.templatesC(), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(files.resolve(".htaccess"), PosixFilePermissions.fromString("r--------"));
        Map<String, String> before = modes(files);
        Drupal7Adapter a = (Drupal7Adapter) site.adapter().orElseThrow();
        // only root may give files away; other users check the modes with their own name
        boolean root = "root".equals(System.getProperty("user.name"));
        String owner = root ? "nobody" : System.getProperty("user.name");
        AtomicReference<Map<String, String>> during = new AtomicReference<>();
        UpgradeResult r = Runs.run(site, a.fixFilesFolderStep(site, root ? "nobody" : null), Runs.probe("test.look", c -> {
            try {
                during.set(modes(files));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), Runs.failing());
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(during.get()).allSatisfy((path, mode) -> assertThat(mode).isIn("rwxr-xr-x " + owner, "rw-r--r-- " + owner));
        assertThat(during.get().get("civicrm/templates_c")).isEqualTo("rwxr-xr-x " + owner);
        assertThat(during.get().get(".htaccess")).isEqualTo("rw-r--r-- " + owner);
        assertThat(modes(files)).isEqualTo(before);
    }
}
