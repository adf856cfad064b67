package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.commons.io.file.PathUtils;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeResult;

/**
 * For random plans of steps that change files and database rows, a failure injected at any
 * action (before or after it), or inside a compensation followed by a recovery, leaves the
 * site fingerprint-equal to where it started.
 */
class AnyFailureRestoresTheSiteProperties {
    private static TestDatabase db;
    private static Path tmp;

    @BeforeContainer
    static void start() throws Exception {
        db = TestDatabaseServer.shared().createDatabase();
        tmp = Files.createTempDirectory("any-failure-");
    }

    @AfterContainer
    static void stop() throws Exception {
        if (db != null) {
            db.close();
        }
        if (tmp != null) {
            PathUtils.deleteDirectory(tmp);
        }
    }

    @AfterTry
    void disarm() {
        Faults.clear();
    }

    @Property(tries = 220)
    void anyInjectedFailureRollsTheSiteBackExactly(@ForAll("plans") List<List<ScriptedAction>> plan,
                                                   @ForAll @IntRange(max = 10_000) int pick,
                                                   @ForAll @IntRange(max = 2) int kind,
                                                   @ForAll @IntRange(max = 10_000) int undoPick) throws Exception {
        Path root = tmp.resolve("site");
        ScriptedSite.reset(root, db);
        Path work = Files.createTempDirectory(tmp, "work-");
        Site site = ScriptedSite.site(root, work, db.coordinates());
        SiteFingerprint before = SiteFingerprint.of(root, db.dataSource());

        List<String> points = new ArrayList<>();
        for (int s = 0; s < plan.size(); s++) {
            for (int a = 0; a < plan.get(s).size(); a++) {
                points.add("s" + s + "#" + a);
            }
        }
        String point = points.get(pick % points.size());
        Faults.arm(point + (kind == 0 ? ":before" : ":after"));
        boolean failUndo = kind == 2;
        if (failUndo) {
            // make one compensation recorded at or before the failure point fail too
            int last = points.indexOf(point);
            Faults.arm("undo:" + points.get(undoPick % (last + 1)));
        }

        Upgrade.Builder builder = Upgrade.of(site);
        for (int s = 0; s < plan.size(); s++) {
            builder.step(new ScriptedStep("s" + s, plan.get(s)));
        }
        UpgradeResult result = builder.plan().run();

        assertThat(result.status()).isIn(RunStatus.ROLLED_BACK, RunStatus.ROLLBACK_INCOMPLETE);
        if (result.status() == RunStatus.ROLLBACK_INCOMPLETE) {
            assertThat(failUndo).as("only an injected undo fault may leave the rollback incomplete").isTrue();
            assertThat(Upgrade.needsRecovery(site)).isTrue();
            Faults.clear();
            UpgradeResult recovered = Upgrade.recover(site).orElseThrow();
            assertThat(recovered.status()).as("recovery of %s: %s", plan, recovered.pendingCompensations())
                    .isEqualTo(RunStatus.ROLLED_BACK);
        }
        SiteFingerprint after = SiteFingerprint.of(root, db.dataSource());
        assertThat(after.diff(before)).as("differences after rollback of %s failing at %s", plan, point).isEmpty();
        assertThat(Upgrade.needsRecovery(site)).isFalse();
    }

    @Provide
    Arbitrary<List<List<ScriptedAction>>> plans() {
        return ScriptedPlans.actions().list().ofMinSize(1).ofMaxSize(5).list().ofMinSize(1).ofMaxSize(4);
    }
}
