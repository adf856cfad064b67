package org.civiupgrade.internal.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Release;
import org.civiupgrade.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhpRequirementTest {
    private static final String GENERAL = "<?php\nclass CRM_Upgrade_Incremental_General {\n"
            + "  const MIN_RECOMMENDED_PHP_VER = '8.1.0';\n  const MIN_INSTALL_PHP_VER = '7.4.0';\n"
            + "  const MIN_DEFECT_PHP_VER = '7.3.99';\n}\n";

    @TempDir
    Path tmp;

    private Release release(String general) throws Exception {
        Path tgz = tmp.resolve("civicrm-5.75.0-drupal.tar.gz");
        try (TarBuilder t = new TarBuilder(tgz)) {
            t.dir("civicrm", 0755).file("civicrm/xml/version.xml",
                    "<?xml version=\"1.0\"?>\n<version>\n  <version_no>5.75.0</version_no>\n</version>\n");
            if (general != null) {
                t.file("civicrm/" + PhpRequirement.GENERAL_PHP, general);
            }
        }
        return Release.tarball(tgz);
    }

    private Path fakePhp(String version, String pcre) throws Exception {
        Path php = tmp.resolve("php-" + version);
        Files.writeString(php, "#!/bin/sh\nprintf '%s\\n%s\\n' '" + version + "' '" + pcre + "'\n");
        Files.setPosixFilePermissions(php, PosixFilePermissions.fromString("rwxr-xr-x"));
        return php;
    }

    @Test
    void readsTheMinimumTheReleaseDeclaresItself() throws Exception {
        assertThat(release(GENERAL).minimumPhpVersion()).contains("7.4.0");
        assertThat(release(null).minimumPhpVersion()).isEmpty();
    }

    @Test
    void anOldPhpOrOneWithoutUnicodePcreIsABlockerNamingBothVersions() throws Exception {
        List<CheckResult> r = PhpRequirement.check(fakePhp("7.3.33", "no-pcre-unicode").toString(), release(GENERAL));
        assertThat(r).filteredOn(CheckResult::isBlocker).extracting(CheckResult::id).containsExactly("php.version", "php.pcre");
        assertThat(r.get(0).message()).contains("requires PHP 7.4.0", "is PHP 7.3.33");
    }

    @Test
    void aNewEnoughPhpPasses() throws Exception {
        List<CheckResult> r = PhpRequirement.check(fakePhp("8.2.29", "pcre-unicode").toString(), release(GENERAL));
        assertThat(r).extracting(CheckResult::severity).containsOnly(Severity.INFO);
        assertThat(PhpRequirement.compare("7.4.0-1+deb12u1", "7.4.0")).isZero();
        assertThat(PhpRequirement.compare("7.10.1", "7.9")).isPositive();
    }

    @Test
    void theRealPhpProbeRunsWhenPhpIsInstalled() throws Exception {
        Path php = org.civiupgrade.PhpOnPath.require("the PHP version and PCRE probe");
        List<CheckResult> r = PhpRequirement.check(php.toString(), release(GENERAL));
        assertThat(r).extracting(CheckResult::id).contains("php.version");
        assertThat(r).noneMatch(c -> c.id().equals("php.pcre"));
        assertThat(r.get(0).message()).matches("PHP \\d+\\.\\d+\\.\\d+.*");
    }
}
