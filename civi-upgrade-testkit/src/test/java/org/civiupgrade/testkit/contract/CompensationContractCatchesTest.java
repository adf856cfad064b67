package org.civiupgrade.testkit.contract;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The compensation contract fails a compensation that breaks it: each rule can fail. */
class CompensationContractCatchesTest {
    /** Appends a line instead of putting the file back: not idempotent, a relative touches(), a secret in its description. */
    @JsonTypeName("testkit.append-line")
    public record AppendLine(String file) implements Compensation {
        @Override
        public String describe() {
            return "append to " + file + " with password s3cret-never-shown";
        }

        @Override
        public Set<String> touches() {
            return Set.of("file:relative/" + Path.of(file).getFileName());
        }

        @Override
        public void apply(CompensationContext context) throws Exception {
            Files.writeString(Path.of(file), "line\n", java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /** The contract applied to the broken compensation. */
    static class Broken extends FileCompensationContract<AppendLine> {
        @Override
        public List<AppendLine> samples() {
            return List.of(new AppendLine(root().resolve("log.txt").toString()));
        }

        @Override
        public void makeChange(AppendLine sample) throws Exception {
            Files.writeString(Path.of(sample.file()), "changed\n");
        }
    }

    private Broken contract;

    @BeforeEach
    void site(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        contract = new Broken();
        contract.tmp = tmp;
        Files.createDirectories(contract.root());
        Files.writeString(contract.root().resolve("log.txt"), "before\n");
    }

    @Test
    void aRelativeResourceNameFails() {
        assertThatThrownBy(contract::touchesNamesResourcesInTheDocumentedGrammar).hasMessageContaining("absolute path");
    }

    @Test
    void anUndoThatDoesNotRestoreFails() {
        assertThatThrownBy(contract::applyingUndoesTheChangeAndApplyingTwiceChangesNothingMore)
                .hasMessageContaining("state after applying");
    }

    @Test
    void anUndoThatChangesASiteWhoseChangeNeverHappenedFails() {
        assertThatThrownBy(contract::applyingWhenTheChangeNeverHappenedLeavesTheSiteAsItWas)
                .hasMessageContaining("without its change");
    }

    @Test
    void aSecretInTheDescriptionFails() {
        assertThatThrownBy(contract::describeIsOneLineWithoutSecrets).hasMessageContaining("contains a secret");
    }

    @Test
    void aTypeNotRegisteredForTheJournalFails() {
        assertThatThrownBy(contract::eachSampleIsJournaledUnderItsStableTypeName).hasMessageContaining("CompensationTypes");
    }
}
