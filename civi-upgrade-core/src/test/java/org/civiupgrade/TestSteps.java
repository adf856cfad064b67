package org.civiupgrade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.support.RestoreFileContent;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;

/** Small file-changing steps for engine tests. */
final class TestSteps {
    private TestSteps() {
    }

    static Site site(Path root, Path work) {
        return Site.builder(root).cms("Test", "1").civicrmCodeDir(root.resolve("civicrm"))
                .cmsDatabase(DatabaseCoordinates.of("localhost", 3306, "site", "u", Secret.of("pw-secret-123")))
                .workDir(work).build();
    }

    /** Writes files one by one (recording each compensation first), optionally failing after the n-th write. */
    record WriteFiles(String id, List<Path> files, String content, int failAfter, Set<String> provides, Set<String> requires)
            implements Step {
        WriteFiles(String id, List<Path> files, String content) {
            this(id, files, content, -1, Set.of(), Set.of());
        }

        WriteFiles failingAfter(int n) {
            return new WriteFiles(id, files, content, n, provides, requires);
        }

        @Override
        public String description() {
            return "write " + files.size() + " file(s)";
        }

        @Override
        public Reversibility reversibility() {
            return Reversibility.REVERSIBLE;
        }

        @Override
        public List<PlannedAction> preview(PlanContext context) {
            return files.stream().map(f -> new PlannedAction(id, "write " + f, "restore " + f)).toList();
        }

        @Override
        public void apply(StepContext context) throws IOException {
            for (int i = 0; i < files.size(); i++) {
                RestoreFileContent.save(context, files.get(i));
                Files.writeString(files.get(i), content + i, StandardCharsets.UTF_8);
                context.progress(i + 1, files.size(), "files");
                if (i + 1 == failAfter) {
                    throw new IOException("disk full while the password pw-secret-123 was near");
                }
            }
        }
    }

    /** A compensation that fails while its flag file exists. */
    record FlakyUndo(String flagFile, String marker) implements Compensation {
        @Override
        public java.util.Set<String> touches() {
            return java.util.Set.of("file:" + marker);
        }

        @Override
        public String describe() {
            return "flaky undo of " + marker;
        }

        @Override
        public void apply(CompensationContext context) throws IOException {
            if (Files.exists(Path.of(flagFile))) {
                throw new IOException("flag " + flagFile + " is set");
            }
            Files.deleteIfExists(Path.of(marker));
        }
    }

    /** Creates a marker file, recording a flaky compensation first. */
    record FlakyStep(String id, Path flag, Path marker) implements Step {
        @Override
        public String description() {
            return "flaky";
        }

        @Override
        public Reversibility reversibility() {
            return Reversibility.REVERSIBLE;
        }

        @Override
        public List<PlannedAction> preview(PlanContext context) {
            return List.of(new PlannedAction(id, "create " + marker, "remove it"));
        }

        @Override
        public void apply(StepContext context) throws IOException {
            context.record(new FlakyUndo(flag.toString(), marker.toString()));
            Files.writeString(marker, "x");
        }
    }

    /** Fails at once, or in its check. */
    record Failing(String id, boolean inCheck, Reversibility reversibility) implements Step {
        @Override
        public String description() {
            return "fails";
        }

        @Override
        public List<CheckResult> check(PlanContext context) {
            if (inCheck) {
                return List.of(CheckResult.blocker(id + ".always", "this check always fails", "remove the step"));
            }
            return List.of();
        }

        @Override
        public List<PlannedAction> preview(PlanContext context) {
            return List.of(new PlannedAction(id, "fail", ""));
        }

        @Override
        public void apply(StepContext context) {
            throw new IllegalStateException("boom");
        }
    }
}
