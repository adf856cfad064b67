package org.civiupgrade.drupal7.web;

import java.net.URI;
import java.nio.file.Path;
import org.civiupgrade.Release;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;

/**
 * The process {@link WebUpgradeCrashRecoveryTest} kills: the standard upgrade of the site at
 * {@code args[0]} (work dir {@code args[1]}) to the release tarball {@code args[2]} through the web
 * upgrader at {@code args[3]}.
 */
public final class WebUpgradeCrashChild {
    private WebUpgradeCrashChild() {
    }

    public static void main(String[] args) {
        Site site = Site.detect(Path.of(args[0])).withWorkDir(Path.of(args[1]));
        UpgradeResult r = Upgrade.of(site).to(Release.tarball(Path.of(args[2]))).upgrader(new Drupal7WebUpgrader(URI.create(args[3])))
                .standard().plan().run(e -> System.out.println("EVENT " + e.getClass().getSimpleName()));
        System.out.println("RESULT " + r.status());
    }
}
