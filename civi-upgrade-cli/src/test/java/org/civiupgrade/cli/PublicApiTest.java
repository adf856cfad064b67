package org.civiupgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.civiupgrade.build.ApiSnapshot;
import org.civiupgrade.build.JavadocCoverage;
import org.junit.jupiter.api.Test;

/**
 * Guards the public surface of civi-upgrade-cli: the committed {@code api/civi-upgrade-cli.api} snapshot, and Javadoc on every
 * public declaration of the exported packages. Accept an intended API change with
 * {@code mvn -o -pl civi-upgrade-cli -am verify -Dtest=PublicApiTest -Dsurefire.failIfNoSpecifiedTests=false -Dciviupgrade.api.update=true}.
 */
class PublicApiTest {
    @Test
    void publicApiMatchesTheCommittedSnapshot() {
        ApiSnapshot.verify(Path.of("").toAbsolutePath(), "civi-upgrade-cli", getClass().getClassLoader());
    }

    @Test
    void everyPublicDeclarationOfTheExportedPackagesHasJavadoc() {
        assertThat(JavadocCoverage.missing(Path.of("src/main/java")))
                .as("public or protected declarations without Javadoc in the exported packages of civi-upgrade-cli")
                .isEmpty();
    }
}
