package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.civiupgrade.Site;
import org.civiupgrade.spi.CmsAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link CmsAdapter} must keep, as JUnit 5 tests to inherit. A test class
 * implements this interface with the adapter and a real site of its CMS (files and database):
 * <ul>
 *   <li>{@link CmsAdapter#probe} recognises the site, is side-effect-free (the site's
 *       {@link #fingerprint()} is the same before and after) and cheap (a hundred probes take
 *       less than {@link #probeBudgetMillis()});</li>
 *   <li>probe of an empty folder, of a folder of another kind of web site, and of a missing path
 *       is negative, and does not throw;</li>
 *   <li>{@link CmsAdapter#open} yields a valid {@link Site}: the CMS name is the adapter's, the
 *       root is the site's, the CiviCRM code folder and settings file exist, the databases are
 *       named, and the version is known.</li>
 * </ul>
 */
public interface CmsAdapterContract {
    /** The adapter under test. */
    CmsAdapter adapter() throws Exception;

    /** The root of a real site of the adapter's CMS with CiviCRM (e.g. {@code FakeDrupalSite#root()}). */
    Path siteRoot() throws Exception;

    /** Everything probe must not change: by default the site's files; add its database when there is one. */
    default SiteFingerprint fingerprint() throws Exception {
        return SiteFingerprint.builder().files("root", siteRoot()).build();
    }

    /**
     * How long a hundred probes of the site may take, in milliseconds. Generous (a shared CI
     * machine is slow), yet far below what reading a database or a whole tree would cost.
     */
    default long probeBudgetMillis() {
        return 10_000;
    }

    /** Probe recognises the site, gives the same answer every time, changes nothing and is cheap. */
    @Test
    default void probeRecognisesTheSiteWithoutChangingIt() throws Exception {
        CmsAdapter adapter = adapter();
        Path root = siteRoot();
        SiteFingerprint before = fingerprint();
        OptionalInt first = adapter.probe(root);
        assertThat(first).as("probe of the site at %s by %s", root, adapter.name()).isPresent();
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertThat(adapter.probe(root)).as("probe #%d", i + 2).isEqualTo(first);
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        assertThat(took).as("milliseconds for 100 probes of %s by %s", root, adapter.name()).isLessThan(probeBudgetMillis());
        assertThat(fingerprint().diff(before)).as("what probe changed").isEmpty();
    }

    /** Probe is negative, without throwing, for an empty folder, another web application, a missing path and a file. */
    @Test
    default void probeOfAFolderThatIsNoSiteIsNegative(@TempDir Path tmp) throws Exception {
        CmsAdapter adapter = adapter();
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(adapter.probe(empty)).as("probe of an empty folder").isEmpty();
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("index.php"), "<?php\necho 'hello';\n", StandardCharsets.UTF_8);
        Files.writeString(other.resolve("index.html"), "<html><body>static</body></html>\n", StandardCharsets.UTF_8);
        Files.createDirectories(other.resolve("sites/default"));
        Files.createDirectories(other.resolve("wp-content"));
        assertThat(adapter.probe(other)).as("probe of a folder of another web application").isEmpty();
        assertThat(adapter.probe(tmp.resolve("missing"))).as("probe of a path that does not exist").isEmpty();
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThat(adapter.probe(file)).as("probe of a file").isEmpty();
    }

    /** Open gives a site with every required field: CMS, root, folders, settings file and databases. */
    @Test
    default void openYieldsAValidSite() throws Exception {
        CmsAdapter adapter = adapter();
        Path root = siteRoot();
        Site site = adapter.open(root, Optional.empty());
        assertThat(site).as("open(%s)", root).isNotNull();
        assertThat(site.cmsName()).as("CMS name").isNotBlank();
        assertThat(site.cmsVersion()).as("CMS version").isNotBlank();
        assertThat(site.root()).as("root").isEqualTo(root.toAbsolutePath().normalize());
        assertThat(site.siteName()).as("site name").isNotBlank();
        assertThat(site.siteDir()).as("site folder").isDirectory();
        assertThat(site.civicrmCodeDir()).as("CiviCRM code folder").isDirectory();
        assertThat(site.civicrmSettingsFile()).as("civicrm.settings.php").isRegularFile();
        assertThat(site.cmsDatabase().database()).as("CMS database name").isNotBlank();
        assertThat(site.civicrmDatabase().database()).as("CiviCRM database name").isNotBlank();
        assertThat(site.cmsDatabase().host()).as("CMS database host").isNotBlank();
        assertThat(site.toString()).as("the site as text").doesNotContain(secretOf(site));
    }

    private static String secretOf(Site site) {
        String p = site.cmsDatabase().password().reveal();
        return p.isEmpty() ? "\u0000no password\u0000" : p;
    }
}
