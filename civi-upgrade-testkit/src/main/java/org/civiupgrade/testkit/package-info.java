/**
 * Test support for civi-upgrade and for those who extend it: contract tests, contexts, a
 * database per test, fake Drupal 7 + CiviCRM sites and releases, site fingerprints, event
 * recording and fault injection. Add {@code civi-upgrade-testkit} with test scope; it brings
 * JUnit 5 and AssertJ.
 *
 * <h2>Contract tests for an extension</h2>
 * Whoever writes a {@link org.civiupgrade.spi.Compensation}, a {@link org.civiupgrade.spi.Step}
 * or a {@link org.civiupgrade.spi.CmsAdapter} implements the matching contract interface in a test
 * class; its inherited {@code @Test} methods then check the rules the SPI's Javadoc states, on the
 * real files and database of the test:
 * <ul>
 *   <li>{@link org.civiupgrade.testkit.CompensationContract}: give sample instances, make the change
 *       each undoes, and observe the state it restores. Checked: the round trip through the journal's
 *       own JSON mapper, well-formed {@code touches()}, undoing, applying twice, applying when the
 *       change never happened, no secret in {@code describe()}.</li>
 *   <li>{@link org.civiupgrade.testkit.StepContract}: give the step, its context and a
 *       {@link org.civiupgrade.testkit.SiteFingerprint} of what it may change. Checked: preview and
 *       check change nothing, check never throws, apply records before it changes, and what it
 *       records undoes it at every point a process could die.</li>
 *   <li>{@link org.civiupgrade.testkit.CmsAdapterContract}: give the adapter and a site root.
 *       Checked: probe is cheap and changes nothing, is negative for folders that are no site, and
 *       open yields a complete {@link org.civiupgrade.Site}.</li>
 * </ul>
 * <pre>{@code
 * @WithTestDatabase
 * class RestoreWidgetTest implements CompensationContract<RestoreWidget> {
 *     @TempDir Path tmp;
 *     TestDatabase db;
 *     FakeDrupalSite site;
 *
 *     @BeforeEach
 *     void site(TestDatabase db) throws Exception {
 *         this.db = db;
 *         site = FakeDrupalSite.builder().create(tmp, db);
 *     }
 *
 *     public List<RestoreWidget> samples() { return List.of(new RestoreWidget("w1", "old")); }
 *     public CompensationContext context() {
 *         return TestContexts.compensationContext(Site.detect(site.root()), db.dataSource(), tmp.resolve("run"));
 *     }
 *     public void makeChange(RestoreWidget w) { db.update("UPDATE widget SET v = 'new' WHERE id = 'w1'"); }
 *     public Object observe(RestoreWidget w) { return db.queryString("SELECT v FROM widget WHERE id = 'w1'"); }
 * }
 * }</pre>
 *
 * <h2>Helpers</h2>
 * {@link org.civiupgrade.testkit.TestContexts} makes the contexts to call a step or a compensation
 * directly ({@link org.civiupgrade.testkit.RecordingStepContext} keeps what a step records and can
 * undo it); {@link org.civiupgrade.testkit.RecordingListener} collects the events of a run and
 * checks that they pair; {@link org.civiupgrade.testkit.SiteFingerprint} compares a site before
 * and after; {@link org.civiupgrade.testkit.WithFaults} disarms {@link org.civiupgrade.testkit.Faults}
 * after each test; {@link org.civiupgrade.testkit.PhpCli} finds {@code php} for cross-checks and
 * skips visibly (or fails, with {@code CIVI_UPGRADE_REQUIRE_PHP=true}) without it;
 * {@link org.civiupgrade.testkit.WithTestDatabase} gives each test a fresh schema.
 *
 * <p>API status: experimental. Public so that integrators can build on it, but it may still
 * change in a minor release while the extension model settles; changes show in the module's API
 * snapshot.
 */
@NullMarked
package org.civiupgrade.testkit;

import org.jspecify.annotations.NullMarked;
