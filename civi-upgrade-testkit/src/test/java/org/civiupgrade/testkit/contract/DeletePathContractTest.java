package org.civiupgrade.testkit.contract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.civiupgrade.spi.support.DeletePath;
import org.junit.jupiter.api.BeforeEach;

/** Removing what a step created (a folder tree, a file, a link that must not be followed) keeps the compensation contract. */
class DeletePathContractTest extends FileCompensationContract<DeletePath> {
    @BeforeEach
    void site() throws Exception {
        Files.createDirectories(root().resolve("keep"));
        Files.writeString(root().resolve("keep/target.txt"), "must survive the removal of a link to it\n");
    }

    @Override
    public List<DeletePath> samples() {
        return List.of(new DeletePath(root().resolve("staging").toString()),
                new DeletePath(root().resolve("new-file.txt").toString()),
                new DeletePath(root().resolve("link-to-keep").toString()));
    }

    @Override
    public void makeChange(DeletePath sample) throws Exception {
        Path p = Path.of(sample.path());
        switch (p.getFileName().toString()) {
            case "staging" -> {
                Files.createDirectories(p.resolve("civicrm/CRM"));
                Files.writeString(p.resolve("civicrm/CRM/Core.php"), "<?php // 5.70\n");
                p.resolve("civicrm/CRM").toFile().setWritable(false);
            }
            case "link-to-keep" -> Files.createSymbolicLink(p, root().resolve("keep"));
            default -> Files.writeString(p, "created by the step\n");
        }
    }
}
