package org.civiupgrade.examples.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.internal.journal.JournalReader;
import org.civiupgrade.internal.journal.JournalState;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.civiupgrade.spi.CompensationTypes;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.civiupgrade.testkit.FakeDrupalSite;
import org.civiupgrade.testkit.Journaled;
import org.civiupgrade.testkit.RecordingListener;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An integrator's view: own compensations, colliding names, crafted journals, typed options and events. */
@WithTestDatabase
class IntegratorReviewTest {
    @TempDir
    Path tmp;

    /** An integrator's compensation without a stable name. */
    public record WriteBack(String file, String content) implements Compensation {
        @Override
        public String describe() {
            return "write back " + file;
        }

        @Override
        public void apply(CompensationContext context) throws Exception {
            Files.writeString(Path.of(file), content);
        }

        @Override
        public Set<String> touches() {
            return Set.of("file:" + file);
        }
    }

    /** An integrator's compensation that takes a built-in name. */
    @JsonTypeName("core.move-back")
    public record Squatter(String what) implements Compensation {
        @Override
        public String describe() {
            return "squat " + what;
        }

        @Override
        public void apply(CompensationContext context) {
        }
    }

    /** Registers the squatter. */
    public static final class SquatterTypes implements CompensationTypes {
        @Override
        public Set<Class<? extends Compensation>> types() {
            return Set.of(Squatter.class);
        }
    }

    private static <T> T withServices(Path dir, Map<Class<?>, Class<?>> services, Callable<T> body) throws Exception {
        Path meta = Files.createDirectories(dir.resolve("META-INF/services"));
        for (var e : services.entrySet()) {
            Files.writeString(meta.resolve(e.getKey().getName()), e.getValue().getName() + "\n");
        }
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, before)) {
            Thread.currentThread().setContextClassLoader(loader);
            return body.call();
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    @Test
    void unnamedCompensationRoundTripsUnderItsClassName() {
        String json = Journaled.json(new WriteBack("/x", "y"));
        assertThat(json).contains(WriteBack.class.getName());
        assertThat(Journaled.roundTrip(new WriteBack("/x", "y"))).isEqualTo(new WriteBack("/x", "y"));
    }

    @Test
    void unregisteredSquatterIsJournaledUnderItsClassNameNotTheBuiltInName() {
        String json = Journaled.json(new Squatter("a"));
        System.out.println("squatter unregistered: " + json);
        assertThat(json).doesNotContain("\"core.move-back\"");
        assertThat(Journaled.roundTrip(new Squatter("a"))).isEqualTo(new Squatter("a"));
    }

    @Test
    void registeredSquatterIsRefusedWithAClearMessage() throws Exception {
        Throwable t = withServices(tmp.resolve("cp"), Map.of(CompensationTypes.class, SquatterTypes.class), () -> {
            try {
                Journaled.json(new WriteBack("/x", "y"));
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        System.out.println("squatter registered, write: " + t);
        assertThat(t).isNotNull();
        assertThat(t.toString()).contains("core.move-back").contains(Squatter.class.getName());
    }

    /** A bad provider must not make every journal unreadable for recovery. */
    @Test
    void registeredSquatterDoesNotMakeOtherJournalEntriesUnreadable() throws Exception {
        Path journal = craftedJournal();
        JournalState state = withServices(tmp.resolve("cp2"), Map.of(CompensationTypes.class, SquatterTypes.class),
                () -> JournalReader.read(journal));
        List<String> classes = state.recorded().stream().map(r -> r.compensation().getClass().getSimpleName()).toList();
        System.out.println("crafted journal read with a colliding provider as " + classes);
        assertThat(classes).containsExactly("MoveBack", "Missing", "Missing", "MoveBack");
    }

    private Path craftedJournal() throws Exception {
        Path file = Files.createDirectories(tmp.resolve("runs/r1")).resolve("journal.jsonl");
        String run = "{\"kind\":\"run-started\",\"at\":\"2026-11-29T22:00:00Z\",\"runId\":\"r1\",\"site\":\"/s\",\"stepIds\":[\"a\"]}\n"
                + "{\"kind\":\"step-started\",\"at\":\"2026-11-29T22:00:00Z\",\"stepId\":\"a\"}\n";
        String rec = "{\"kind\":\"recorded\",\"at\":\"2026-11-29T22:00:00Z\",\"seq\":%d,\"stepId\":\"a\",\"description\":\"%s\","
                + "\"compensation\":%s}\n";
        String text = run
                + rec.formatted(1, "move /s/b back to /s/a", "{\"@type\":\"core.move-back\",\"original\":\"/s/a\",\"moved\":\"/s/b\"}")
                + rec.formatted(2, "frobnicate", "{\"@type\":\"acme.frobnicate\",\"x\":1}")
                + rec.formatted(3, "gone", "{\"@type\":\"com.acme.GoneUndo\",\"x\":1}")
                + rec.formatted(4, "move /s/d back to /s/c (former name)",
                        "{\"@type\":\"org.civiupgrade.spi.MoveBack\",\"original\":\"/s/c\",\"moved\":\"/s/d\"}");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void unknownTypesAndFormerNamesKeepEveryEntry() throws Exception {
        JournalState state = JournalReader.read(craftedJournal());
        assertThat(state.recorded()).hasSize(4);
        List<String> classes = state.recorded().stream().map(r -> r.compensation().getClass().getSimpleName()).toList();
        System.out.println("crafted journal read as " + classes);
        assertThat(classes.get(0)).isEqualTo("MoveBack");
        assertThat(classes.get(3)).isEqualTo("MoveBack");
        assertThat(classes.get(1)).isEqualTo("Missing");
        assertThat(classes.get(2)).isEqualTo("Missing");
    }

    // options

    private Site site(TestDatabase db) throws Exception {
        FakeDrupalSite fake = FakeDrupalSite.builder().civicrmVersion("4.4.0").create(tmp.resolve("site"), db);
        return Site.detect(fake.root()).withWorkDir(tmp.resolve("work"));
    }

    @Test
    void unknownOptionBadValueAndSecretLookingValue(TestDatabase db) throws Exception {
        Site site = site(db);
        assertThatThrownBy(() -> Upgrade.of(site).step(new Touch("t", tmp.resolve("f"), false)).option("acme.nope", "x").plan())
                .isInstanceOf(UpgradeException.class).satisfies(e -> {
                    System.out.println("unknown key: " + e.getMessage());
                    assertThat(((UpgradeException) e).code()).isEqualTo(ErrorCode.PLAN_INVALID);
                    assertThat(e.getMessage()).contains("acme.nope");
                });
        assertThatThrownBy(() -> Upgrade.of(site).step(new Touch("t", tmp.resolve("f"), false))
                .option("settings.addSiteKey", "maybe").plan())
                .isInstanceOf(UpgradeException.class).satisfies(e -> {
                    System.out.println("bad value: " + e.getMessage());
                    assertThat(((UpgradeException) e).code()).isEqualTo(ErrorCode.PLAN_INVALID);
                    assertThat(e.getMessage()).contains("settings.addSiteKey");
                });
        String secret = "Sup3r-S3cret-pw";
        assertThatThrownBy(() -> Upgrade.of(site).step(new Touch("t", tmp.resolve("f"), false))
                .option("acme.db.password", secret).plan())
                .isInstanceOf(UpgradeException.class).satisfies(e -> {
                    System.out.println("secret: " + e.getMessage() + " / " + ((UpgradeException) e).remedy());
                    assertThat(e.getMessage()).doesNotContain(secret);
                    assertThat(((UpgradeException) e).remedy()).doesNotContain(secret);
                    assertThat(String.valueOf(e)).doesNotContain(secret);
                });
    }

    // events

    /** Writes a file after recording how to put it back; fails after that when asked. */
    record Touch(String id, Path file, boolean fail) implements Step {
        @Override
        public String description() {
            return "touch " + file;
        }

        @Override
        public Reversibility reversibility() {
            return Reversibility.REVERSIBLE;
        }

        @Override
        public List<PlannedAction> preview(PlanContext context) {
            return List.of(new PlannedAction(id, "write " + file, "write back"));
        }

        @Override
        public void apply(StepContext context) throws Exception {
            context.record(new WriteBack(file.toString(), Files.exists(file) ? Files.readString(file) : ""));
            Files.writeString(file, id);
            if (fail) {
                throw new IllegalStateException("boom in " + id);
            }
        }
    }

    @Test
    void failingRunEventsArePairedAndEachUndoIsAnnounced(TestDatabase db) throws Exception {
        Site site = site(db);
        Path f = Files.writeString(tmp.resolve("f"), "orig");
        RecordingListener listener = new RecordingListener();
        UpgradeResult r = Upgrade.of(site).step(new Touch("one", f, false)).step(new Touch("two", f, true)).run(listener);
        assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(Files.readString(f)).isEqualTo("orig");
        listener.assertPaired();
        List<UpgradeEvent> events = listener.events();
        System.out.println("events: " + events.stream().map(e -> e.getClass().getSimpleName()).toList());
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof UpgradeEvent.CompensationApplied a) {
                assertThat(events.get(i - 1)).isInstanceOfSatisfying(UpgradeEvent.CompensationStarted.class,
                        s -> assertThat(s.description()).isEqualTo(a.description()));
            }
        }
        assertThat(listener.ofType(UpgradeEvent.CompensationStarted.class)).hasSize(2);
    }

    @Test
    void aBuilderReusedForTwoPlansKeepsThemApart(TestDatabase db) throws Exception {
        Site site = site(db);
        Path f = tmp.resolve("g");
        Upgrade.Builder b = Upgrade.of(site).step(new Touch("one", f, false));
        var p1 = b.plan();
        b.step(new Touch("two", f, false));
        var p2 = b.plan();
        System.out.println("plan1 " + p1.dryRun().actions().size() + " plan2 " + p2.dryRun().actions().size());
        assertThat(p1.dryRun().actions()).hasSize(1);
        assertThat(p2.dryRun().actions()).hasSize(2);
    }

    /**
     * As a recovering process in a fresh JVM sees it: a type id not yet resolved in this JVM
     * (core.remove-empty-folder), read while a provider that collides with a built-in name is installed.
     */
    @Test
    void aCollidingProviderLeavesEveryOtherEntryOfAJournalReadable() throws Exception {
        Path file = Files.createDirectories(tmp.resolve("runs/r2")).resolve("journal.jsonl");
        Files.writeString(file, "{\"kind\":\"run-started\",\"at\":\"2026-11-29T22:00:00Z\",\"runId\":\"r2\",\"site\":\"/s\",\"stepIds\":[\"a\"]}\n"
                + "{\"kind\":\"step-started\",\"at\":\"2026-11-29T22:00:00Z\",\"stepId\":\"a\"}\n"
                + "{\"kind\":\"recorded\",\"at\":\"2026-11-29T22:00:00Z\",\"seq\":1,\"stepId\":\"a\",\"description\":\"rm\","
                + "\"compensation\":{\"@type\":\"core.remove-empty-folder\",\"folder\":\"/s/x\"}}\n");
        JournalState state = withServices(tmp.resolve("cp4"), Map.of(CompensationTypes.class, SquatterTypes.class),
                () -> JournalReader.read(file));
        Compensation c = state.recorded().get(0).compensation();
        System.out.println("fresh id with a colliding provider: " + c);
        assertThat(c.getClass().getSimpleName()).as("a built-in compensation unrelated to the collision").isEqualTo("EmptyFolderCompensation");
    }

    @Test
    void aBuilderReusedForTwoReleases(TestDatabase db) throws Exception {
        Site site = site(db);
        Upgrade.Builder b = Upgrade.of(site).standard();
        var p1 = b.to(org.civiupgrade.Release.tarball(org.civiupgrade.testkit.FakeRelease.of("4.7.0").writeTo(tmp.resolve("d1")))).plan();
        var p2 = b.to(org.civiupgrade.Release.tarball(org.civiupgrade.testkit.FakeRelease.of("4.7.31").writeTo(tmp.resolve("d2")))).plan();
        String d1 = p1.dryRun().describe();
        String d2 = p2.dryRun().describe();
        assertThat(d1).contains("4.7.0").doesNotContain("4.7.31");
        assertThat(d2).contains("4.7.31");
    }

    @Test
    void aRunWithACollidingProviderInstalled(TestDatabase db) throws Exception {
        Site site = site(db);
        Path f = Files.writeString(tmp.resolve("f"), "orig");
        UpgradeResult r = withServices(tmp.resolve("cp3"), Map.of(CompensationTypes.class, SquatterTypes.class), () -> {
            var plan = Upgrade.of(site).step(new Touch("one", f, false)).plan();
            System.out.println("colliding provider, check: " + plan.check().results());
            return plan.run(new RecordingListener());
        });
        System.out.println("colliding provider, run: " + r.status() + " " + r.toJson());
        assertThat(Files.readString(f)).isEqualTo("orig");
    }

    @Test
    void recoveryWithAnUnknownTypeInTheMiddleKeepsTheOtherEntries(TestDatabase db) throws Exception {
        Site site = site(db);
        Path f = Files.writeString(tmp.resolve("f"), "f-orig");
        Path g = Files.writeString(tmp.resolve("g"), "g-orig");
        Path h = Files.writeString(tmp.resolve("h"), "h-orig");
        UpgradeResult done = Upgrade.of(site).step(new Touch("one", f, false)).step(new Touch("two", g, false))
                .step(new Touch("three", h, false)).run(new RecordingListener());
        assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
        Path journal;
        try (var s = Files.walk(site.workDir().resolve("runs"))) {
            journal = s.filter(p -> p.getFileName().toString().equals("journal.jsonl")).findFirst().orElseThrow();
        }
        // as if the process died before the run finished, and the module that recorded step two's undo is gone
        List<String> lines = Files.readAllLines(journal).stream().filter(l -> !l.contains("\"kind\":\"run-finished\""))
                .map(l -> l.contains("\"stepId\":\"two\"") && l.contains("\"kind\":\"recorded\"")
                        ? l.replace(WriteBack.class.getName(), "acme.frobnicate") : l)
                .toList();
        Files.write(journal, lines);
        RecordingListener events = new RecordingListener();
        Optional<UpgradeResult> r = Upgrade.recover(site, events);
        System.out.println("recover: " + r.map(UpgradeResult::toJson).orElse("none"));
        assertThat(Files.readString(h)).as("newest, before the unknown one").isEqualTo("h-orig");
        assertThat(r).get().extracting(UpgradeResult::status).isEqualTo(RunStatus.ROLLBACK_INCOMPLETE);
        // the older entry is deferred, not lost: still in the journal for a later recovery
        assertThat(Files.readString(journal)).contains(f.toString());
    }
}
