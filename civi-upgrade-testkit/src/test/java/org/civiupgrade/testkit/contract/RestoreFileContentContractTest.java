package org.civiupgrade.testkit.contract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.spi.support.RestoreFileContent;
import org.civiupgrade.testkit.TestContexts;
import org.civiupgrade.testkit.UnreachableDatabase;
import org.junit.jupiter.api.BeforeEach;

/**
 * Putting back a rewritten file's bytes and mode, or removing a file (and its new folders) that did
 * not exist, keeps the compensation contract; the samples are made by {@link RestoreFileContent#save}.
 */
class RestoreFileContentContractTest extends FileCompensationContract<RestoreFileContent> {
    private final List<RestoreFileContent> samples = new ArrayList<>();

    @BeforeEach
    void site() throws Exception {
        Path settings = Files.createDirectories(root().resolve("sites/default")).resolve("civicrm.settings.php");
        Files.writeString(settings, "<?php\ndefine('CIVICRM_UF', 'Drupal');\n");
        Files.setPosixFilePermissions(settings, PosixFilePermissions.fromString("rw-r-----"));
        CompensationContext c = context();
        DataSource none = new UnreachableDatabase();
        var step = TestContexts.stepContext(c.site(), none, c.runDir());
        samples.add(RestoreFileContent.save(step, settings));
        samples.add(RestoreFileContent.save(step, root().resolve("sites/default/files/civicrm/ConfigAndLog/new.log")));
    }

    @Override
    public List<RestoreFileContent> samples() {
        return samples;
    }

    @Override
    public void makeChange(RestoreFileContent sample) throws Exception {
        Path file = Path.of(sample.file());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "<?php\n// rewritten by the upgrade\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    }
}
