package org.civiupgrade.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.civiupgrade.internal.steps.CodeSwapCompensation;
import org.civiupgrade.internal.steps.EmptyFolderCompensation;
import org.civiupgrade.spi.support.RestoreFileModes;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.support.DeletePath;
import org.civiupgrade.spi.support.Scopes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code swap's compensations say what they touch, so a failure of one (an undeletable
 * compiled template, a code folder that cannot be renamed) defers only those that overlap it.
 */
class StandardCompensationScopesTest {
    @TempDir
    Path tmp;

    @Test
    void theCodeSwapsUndosNameTheirFoldersAndOverlapOnlyWhereTheyShareOne() throws Exception {
        Path modules = tmp.resolve("drupal/sites/all/modules");
        Path run = tmp.resolve("work/runs/r1");
        CodeSwapCompensation swap = new CodeSwapCompensation(modules.resolve("civicrm").toString(),
                modules.resolve(".civicrm.old-r1").toString(), run.resolve("code-backup/civicrm").toString(),
                run.resolve("code-backup/civicrm.partial").toString(), modules.resolve(".civicrm.failed-r1").toString(),
                modules.resolve(".civicrm.restore-r1").toString());
        EmptyFolderCompensation templates = new EmptyFolderCompensation(
                tmp.resolve("drupal/sites/default/files/civicrm/templates_c").toString());
        DeletePath staging = new DeletePath(modules.resolve(".civicrm.new-r1").toString());
        Path list = Files.writeString(Files.createDirectories(run).resolve("modes.txt"),
                "755\t" + java.net.URLEncoder.encode(modules.resolve("civicrm/bin").toString(), java.nio.charset.StandardCharsets.UTF_8) + "\n");
        RestoreFileModes modes = new RestoreFileModes(list.toString());

        for (Compensation c : List.of(swap, templates, staging, modes)) {
            assertThat(c.touches()).as(c.describe()).isNotEmpty().doesNotContain(Compensation.EVERYTHING);
        }
        assertThat(swap.touches()).hasSize(6).contains(Scopes.file(modules.resolve("civicrm")),
                Scopes.file(run.resolve("code-backup/civicrm")));
        assertThat(Overlap.any(swap.touches(), templates.touches())).as("templates_c is not the code").isFalse();
        assertThat(Overlap.any(swap.touches(), staging.touches())).isFalse();
        assertThat(Overlap.any(swap.touches(), modes.touches())).as("modes of files inside the live code").isTrue();
        assertThat(Overlap.any(templates.touches(), Set.of(Scopes.cmsTable("variable", "maintenance_mode")))).isFalse();
        assertThat(Overlap.any(swap.touches(), Set.of(Scopes.civicrmDatabase()))).isFalse();
        assertThat(new RestoreFileModes(tmp.resolve("missing.txt").toString()).touches())
                .containsExactly(Scopes.file(tmp.resolve("missing.txt")));
    }
}
