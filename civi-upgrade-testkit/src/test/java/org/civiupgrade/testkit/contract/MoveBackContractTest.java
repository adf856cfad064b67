package org.civiupgrade.testkit.contract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.spi.support.MoveBack;
import org.junit.jupiter.api.BeforeEach;

/** Moving a renamed folder or file back keeps the compensation contract. */
class MoveBackContractTest extends FileCompensationContract<MoveBack> {
    @BeforeEach
    void site() throws Exception {
        Files.createDirectories(root().resolve("sites/all/modules/civicrm/CRM"));
        Files.writeString(root().resolve("sites/all/modules/civicrm/CRM/Core.php"), "<?php // 5.69\n");
        Files.writeString(root().resolve("sites/all/modules/civicrm/civicrm-version.php"), "<?php // version\n");
        Files.writeString(root().resolve("index.php"), "<?php // Drupal\n");
    }

    @Override
    public List<MoveBack> samples() {
        return List.of(new MoveBack(root().resolve("sites/all/modules/civicrm").toString(),
                        root().resolve("sites/all/modules/.civicrm-old").toString()),
                new MoveBack(root().resolve("index.php").toString(), root().resolve("index.php.moved").toString()));
    }

    @Override
    public void makeChange(MoveBack sample) throws Exception {
        Files.move(Path.of(sample.original()), Path.of(sample.moved()));
    }
}
