package org.civiupgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.civiupgrade.spi.CmsAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rehearsal points the copy's CMS at the scratch database through the CMS adapter; a site whose
 * adapter cannot do that is refused before anything is copied, never left pointed at production.
 */
class RehearsalRetargetingTest {
    @TempDir
    Path tmp;

    /** An adapter for another CMS that knows nothing of rehearsal copies (as a Backdrop or WordPress one might start). */
    static final class OtherCms implements CmsAdapter {
        @Override
        public String name() {
            return "othercms";
        }

        @Override
        public OptionalInt probe(Path root) {
            return OptionalInt.empty();
        }

        @Override
        public Site open(Path root, Optional<String> siteName) {
            throw new UnsupportedOperationException();
        }
    }

    private UpgradeException refusal(Site site) throws Exception {
        Path file = Files.writeString(Files.createDirectories(site.root()).resolve("page.txt"), "before");
        Upgrade.Builder builder = Upgrade.of(site).step(new TestSteps.WriteFiles("test.write", List.of(file), "after"));
        Path copies = tmp.resolve("rehearsals");
        UpgradeException e = catchThrowableOfType(
                () -> builder.rehearse(RehearsalOptions.defaults().withCopyParent(copies).withScratchDatabase("scratch_x")),
                UpgradeException.class);
        assertThat(e).as("the rehearsal was refused").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.PLAN_INVALID);
        assertThat(copies).as("nothing was copied").doesNotExist();
        assertThat(file).hasContent("before");
        assertThat(site.workDir()).doesNotExist();
        assertThat(e.getMessage() + e.remedy()).doesNotContain("pw-secret-123");
        return e;
    }

    @Test
    void anAdapterThatCannotRetargetACopyMakesTheRehearsalRefuse() throws Exception {
        Site site = TestSteps.site(tmp.resolve("site"), tmp.resolve("work")).toBuilder().adapter(new OtherCms()).build();
        UpgradeException e = refusal(site);
        assertThat(e.getMessage()).contains("othercms", "retargetCopy", "production's database site");
        assertThat(e.remedy()).contains("staging copy");
    }

    @Test
    void aSiteWithoutAdapterIsRefusedToo() throws Exception {
        UpgradeException e = refusal(TestSteps.site(tmp.resolve("site"), tmp.resolve("work")));
        assertThat(e.getMessage()).contains("without a CMS adapter");
        assertThat(e.remedy()).contains("Site.detect");
    }
}
