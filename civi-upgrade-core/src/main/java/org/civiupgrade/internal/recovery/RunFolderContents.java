package org.civiupgrade.internal.recovery;

import org.civiupgrade.spi.support.IoProblems;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.civiupgrade.spi.support.Scopes;

/**
 * What a run folder holds besides its journal. A journal without a single complete record
 * cannot say what its run did; when the run folder holds backups or saved copies, the run got
 * that far, and changes the evidence cannot see (Drupal variables and modules, settings) may
 * have followed.
 */
final class RunFolderContents {
    private RunFolderContents() {
    }

    static List<Finding> find(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        List<String> entries;
        try (Stream<Path> s = Files.list(runDir)) {
            entries = s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("journal.jsonl")).sorted().toList();
        } catch (IOException e) {
            entries = List.of("(unreadable: " + IoProblems.describe(e) + ")");
        }
        if (entries.isEmpty()) {
            return List.of();
        }
        return List.of(new Finding("the run folder " + runDir + " holds " + String.join(", ", entries)
                + ", so the run changed the site while its journal has no record of it", Scopes.file(runDir),
                "compare the site with the copies in " + runDir + " (civicrm.settings.php, file modes) and, if the site "
                        + "was online before, take it out of maintenance mode and enable again the Drupal modules that "
                        + "integrate with CiviCRM that were enabled before", true));
    }
}
