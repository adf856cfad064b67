package org.civiupgrade.internal.engine;

import org.civiupgrade.spi.support.IoProblems;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.RunStatus;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.UpgradeResult.CompensationOutcome;
import org.civiupgrade.UpgradeResult.StepOutcome;
import org.civiupgrade.UpgradeResult.StepStatus;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.event.UpgradeListener;
import org.civiupgrade.internal.journal.Journal;
import org.civiupgrade.internal.journal.JournalEntry;
import org.civiupgrade.internal.journal.JournalReader;
import org.civiupgrade.internal.journal.JournalState;
import org.civiupgrade.internal.process.ChildWatch;
import org.civiupgrade.internal.process.LiveUpgraders;
import org.civiupgrade.internal.plugins.Plugins;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.PlanOptions;
import org.civiupgrade.spi.support.SafeFiles;
import org.civiupgrade.spi.Step;
import org.slf4j.Logger;

/**
 * Runs a plan's steps, journals every compensation before going on, and on failure undoes
 * everything recorded, newest first, including the failing step's partial changes. Also
 * finishes the rollback of a crashed run from its journal.
 */
public final class RunEngine {
    private static final Logger LOG = org.civiupgrade.internal.redact.Logs.get(RunEngine.class);
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Site site;
    private final Clock clock;
    private final Redactor redactor;
    private final SafeListener listener;
    private final Optional<DatabaseDialect> dialect;

    /** For a recovery: each run is undone with the dialect its journal names. */
    public RunEngine(Site site, UpgradeListener listener) {
        this(site, listener, Optional.empty());
    }

    /** @param dialect the dialect selected for a run (empty: none is installed) */
    public RunEngine(Site site, UpgradeListener listener, Optional<DatabaseDialect> dialect) {
        this.dialect = dialect;
        this.site = site;
        this.clock = Clock.systemUTC();
        this.redactor = Redactor.forSite(site);
        this.listener = new SafeListener(listener, redactor);
    }

    /** The folder a new run would use (for previews). */
    public static Path runsDir(Site site) {
        return site.workDir().resolve(JournalReader.RUNS);
    }

    /** Runs the steps. Refuses when the site is locked or a previous run is unfinished. */
    public UpgradeResult run(List<Step> steps, PlanOptions options) {
        try (SiteLock lock = SiteLock.acquire(site.workDir(), "upgrade")) {
            List<Path> unfinished = JournalReader.unfinishedJournals(site.workDir());
            if (!unfinished.isEmpty()) {
                throw new UpgradeException(ErrorCode.UNFINISHED_RUN, "Run " + unfinished.get(0).getParent().getFileName()
                        + " on this site did not finish its rollback (journal " + unfinished.get(0) + ").");
            }
            refuseUnaccounted(site, "The site shows an upgrade that did not finish, and no journal in the work directory "
                    + site.workDir() + " accounts for it", false);
            String runId = newRunId();
            Path runDir = runsDir(site).resolve(runId);
            try {
                SafeFiles.ownerOnlyDirectories(runDir);
            } catch (IOException e) {
                throw IoProblems.failure(ErrorCode.JOURNAL_FAILED, "Cannot create run folder " + runDir, e);
            }
            try (DefaultSiteResources lockResources = reachable(new DefaultSiteResources(site, dialect));
                 DatabaseRunLock.Held dbLock = DatabaseRunLock.acquire(site, lockResources);
                 DefaultSiteResources resources = new DefaultSiteResources(site, dialect);
                 Journal journal = Journal.create(runDir.resolve(Journal.FILE_NAME))) {
                return new Execution(runId, runDir, journal, resources, steps, options, dbLock).execute();
            } catch (UpgradeException e) {
                throw e;
            } catch (Exception e) {
                throw new UpgradeException(ErrorCode.INTERNAL, "Closing the run's resources failed: " + IoProblems.describe(e), e);
            }
        }
    }

    /**
     * Finishes the rollback of every unfinished run in the site's work directory; the last result, if any.
     *
     * @throws UpgradeException {@link ErrorCode#UPGRADER_STILL_RUNNING} when an upgrader child of an
     *                          unfinished run is still running (nothing is changed)
     */
    public Optional<UpgradeResult> recover() {
        try (SiteLock lock = SiteLock.acquire(site.workDir(), "recovery")) {
            refuseWhileUpgradersRun(site);
            UpgradeResult last = null;
            List<Path> journals = JournalReader.unfinishedJournals(site.workDir());
            if (journals.isEmpty()) {
                refuseUnaccounted(site, "No unfinished run in the work directory " + site.workDir()
                        + ", but the site shows an upgrade that did not finish", true);
            }
            for (Path file : journals) {
                JournalState state = JournalReader.read(file);
                Optional<DatabaseDialect> runDialect = dialectOf(state);
                try (DefaultSiteResources lockResources = reachable(new DefaultSiteResources(site, runDialect));
                     DatabaseRunLock.Held dbLock = DatabaseRunLock.acquire(site, lockResources);
                     DefaultSiteResources resources = new DefaultSiteResources(site, runDialect)) {
                    JournalAccounting.requireAccounted(state, evidence(state, resources));
                    try (Journal journal = Journal.append(file)) {
                        last = recoverOne(state, journal, resources);
                    }
                } catch (UpgradeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new UpgradeException(ErrorCode.INTERNAL, "Closing the recovery's resources failed: " + IoProblems.describe(e), e);
                }
                if (last.status() != RunStatus.ROLLED_BACK) {
                    break; // an older run must be fully undone before a newer one is touched
                }
            }
            return Optional.ofNullable(last);
        }
    }

    /**
     * The dialect a journal's run used, when it can still be loaded; else the installed one that
     * fits the site best (a journal of an older version names none).
     */
    private Optional<DatabaseDialect> dialectOf(JournalState state) {
        Plugins plugins = Plugins.installed();
        if (state.dialect().isPresent()) {
            Optional<DatabaseDialect> named = plugins.dialectNamed(state.dialect().get());
            if (named.isPresent()) {
                return named;
            }
            LOG.warn("The run {} used the database dialect {}, which is not installed; recovering with the installed one.",
                    state.runId(), state.dialect().get());
        }
        return plugins.dialect(site, null);
    }

    /**
     * The upgrader children recorded in the site's unfinished journals that are still running,
     * one line each: run id, pid, command and how to stop it.
     */
    public static List<String> stillRunningUpgraders(Site site) {
        List<String> out = new ArrayList<>();
        for (Path file : JournalReader.unfinishedJournals(site.workDir())) {
            JournalState state = JournalReader.read(file);
            for (JournalEntry.ChildStarted c : state.children()) {
                LiveUpgraders.find(c.pid(), c.start(), c.command()).ifPresent(live -> out.add("run " + state.runId()
                        + ": " + live.describe() + "; stop it with: " + live.howToStop()));
            }
        }
        return out;
    }

    /** Refuses with {@link ErrorCode#JOURNAL_INCOMPLETE} when {@link #unaccounted(Site)} finds something. */
    static void refuseUnaccounted(Site site, String what, boolean versions) {
        List<org.civiupgrade.internal.recovery.Finding> found = unaccounted(site, versions);
        if (found.isEmpty()) {
            return;
        }
        StringBuilder steps = new StringBuilder();
        int i = 1;
        for (org.civiupgrade.internal.recovery.Finding f : found) {
            steps.append(' ').append(i++).append(". ").append(f.manualStep()).append('.');
        }
        throw new UpgradeException(ErrorCode.JOURNAL_INCOMPLETE, what + ": "
                + String.join("; ", found.stream().map(org.civiupgrade.internal.recovery.Finding::what).toList()) + ".",
                "If a civi-upgrade run left this, use the --work-dir (Site.withWorkDir) that run used. Otherwise, by hand:"
                        + steps, null);
    }

    private static void refuseWhileUpgradersRun(Site site) {
        List<String> live = stillRunningUpgraders(site);
        if (!live.isEmpty()) {
            throw new UpgradeException(ErrorCode.UPGRADER_STILL_RUNNING, "The upgrader process of an unfinished run is still "
                    + "running, so recovery would restore the site under its feet: " + String.join("; ", live) + ".",
                    "Stop it (" + live.size() + " process(es) above, with the command given), wait until "
                    + "'civi-upgrade status' no longer reports it, then run 'civi-upgrade recover' again.", null);
        }
    }

    /** Journals the children that steps and compensations start, before the runner waits on them. */
    private ChildWatch.Recorder childRecorder(Journal journal) {
        return new ChildWatch.Recorder() {
            @Override
            public void started(long pid, String start, String command) {
                journal.write(new JournalEntry.ChildStarted(clock.instant(), pid, start, redactor.redact(command)));
            }

            @Override
            public void ended(long pid) {
                try {
                    journal.write(new JournalEntry.ChildEnded(clock.instant(), pid));
                } catch (UpgradeException e) {
                    // the child is gone either way; status and recover check that it no longer runs
                    LOG.warn("Could not journal the end of child process {}: {}", pid, e.getMessage());
                }
            }
        };
    }

    private java.util.List<org.civiupgrade.internal.recovery.Finding> evidence(JournalState state, DefaultSiteResources resources) {
        return org.civiupgrade.internal.recovery.SiteEvidence.of(site, resources, state.file().getParent(), state.runId(),
                state.runStarted());
    }

    private UpgradeResult recoverOne(JournalState state, Journal journal, DefaultSiteResources resources) {
        try (ChildWatch.Installed watch = ChildWatch.install(childRecorder(journal))) {
            return recoverOneWatched(state, journal, resources);
        }
    }

    private UpgradeResult recoverOneWatched(JournalState state, Journal journal, DefaultSiteResources resources) {
        Instant start = clock.instant();
        listener.emit(new UpgradeEvent.RunStarted(state.runId(), start, site.toString(), state.stepIds(), true));
        List<JournalEntry.Recorded> pending = state.pendingNewestFirst();
        Path runDir = state.file().getParent();
        List<CompensationOutcome> outcomes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int failed = undo(state.runId(), runDir, pending, journal, resources, outcomes, warnings);
        RunStatus status = failed == 0 ? RunStatus.ROLLED_BACK : RunStatus.ROLLBACK_INCOMPLETE;
        if (status == RunStatus.ROLLED_BACK) {
            // the journal's undos all ran: the site must show none of the run's changes any more
            JournalAccounting.requireGone(state, evidence(state, resources));
        }
        journal.write(new JournalEntry.RunFinished(clock.instant(), status));
        Duration took = Duration.between(start, clock.instant());
        listener.emit(new UpgradeEvent.RunFinished(state.runId(), clock.instant(), status, took));
        List<StepOutcome> stepOutcomes = new ArrayList<>();
        for (String id : state.stepIds()) {
            StepStatus s = !state.startedSteps().contains(id) ? StepStatus.NOT_RUN
                    : state.failure().map(f -> f.stepId().equals(id)).orElse(false) || !state.finishedSteps().contains(id)
                    ? StepStatus.FAILED : StepStatus.UNDONE;
            stepOutcomes.add(new StepOutcome(id, id, s, null, Duration.ZERO));
        }
        UpgradeResult.Failure failure = state.failure()
                .map(f -> new UpgradeResult.Failure(f.stepId(), f.code(), f.message(), f.code().remedy()))
                .orElseGet(() -> new UpgradeResult.Failure("engine", ErrorCode.INTERRUPTED,
                        "The process running this upgrade stopped before it finished (crash or kill); "
                                + "its changes were undone from the journal.", ErrorCode.INTERRUPTED.remedy()));
        return new UpgradeResult(state.runId(), site.toString(), status, true, start, took, stepOutcomes, warnings,
                failure, outcomes, runDir.toString(), List.of());
    }

    private int undo(String runId, Path runDir, List<JournalEntry.Recorded> pending, Journal journal,
                     DefaultSiteResources resources, List<CompensationOutcome> outcomes, List<String> warnings) {
        listener.emit(new UpgradeEvent.RollbackStarted(runId, clock.instant(), pending.size()));
        // what the failed work left in its database sessions (time zone, autocommit, sql_mode, locks)
        // must not leak into the undo: compensations get connections opened afresh
        resources.renew();
        boolean interrupted = Thread.interrupted(); // a rollback must not be cut short by the interrupt that caused it
        int applied = 0;
        int failed = 0;
        try {
            // Resources of compensations that failed or were deferred: older compensations that
            // overlap them must wait for recovery, which replays them in strict reverse order.
            java.util.Set<String> blocked = new java.util.HashSet<>();
            for (JournalEntry.Recorded r : pending) {
                String stepId = r.stepId();
                Compensation c = r.compensation();
                java.util.Set<String> touches = touches(c);
                listener.emit(new UpgradeEvent.CompensationStarted(runId, clock.instant(), stepId, r.description()));
                if (!blocked.isEmpty() && Overlap.any(blocked, touches)) {
                    failed++;
                    blocked.addAll(touches);
                    String msg = "Deferred: it touches what a failed compensation touches; Upgrade.recover(site) applies it "
                            + "in order once that one succeeds.";
                    outcomes.add(new CompensationOutcome(stepId, redactor.redact(r.description()), false, msg));
                    listener.emit(new UpgradeEvent.CompensationFailed(runId, clock.instant(), stepId, r.description(), msg));
                    continue;
                }
                DefaultCompensationContext ctx = new DefaultCompensationContext(site, resources, runDir,
                        (done, total, unit) -> listener.emit(new UpgradeEvent.StepProgress(runId, clock.instant(),
                                "undo:" + stepId, done, total, unit)),
                        message -> {
                            String m = redactor.redact(message);
                            warnings.add("undo:" + stepId + ": " + m);
                            LOG.warn("undo:{}: {}", stepId, m);
                            listener.emit(new UpgradeEvent.Warning(runId, clock.instant(), "undo:" + stepId, m));
                        });
                try {
                    c.apply(ctx);
                    journal.write(new JournalEntry.Undone(clock.instant(), r.seq()));
                    applied++;
                    outcomes.add(new CompensationOutcome(stepId, redactor.redact(r.description()), true, null));
                    listener.emit(new UpgradeEvent.CompensationApplied(runId, clock.instant(), stepId, r.description()));
                } catch (Exception | LinkageError | AssertionError e) {
                    failed++;
                    blocked.addAll(touches);
                    String msg = redactor.redact(Failures.classify(e, stepId).getMessage());
                    LOG.error("Compensation failed: {}: {}", redactor.redact(r.description()), msg);
                    try {
                        journal.write(new JournalEntry.UndoFailed(clock.instant(), r.seq(), msg));
                    } catch (UpgradeException je) {
                        warnings.add("Could not journal a failed compensation: " + je.getMessage());
                    }
                    outcomes.add(new CompensationOutcome(stepId, redactor.redact(r.description()), false, msg));
                    listener.emit(new UpgradeEvent.CompensationFailed(runId, clock.instant(), stepId, r.description(), msg));
                }
            }
        } finally {
            listener.emit(new UpgradeEvent.RollbackFinished(runId, clock.instant(), applied, failed));
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return failed;
    }

    static java.util.Set<String> touches(Compensation c) {
        try {
            java.util.Set<String> t = c.touches();
            return t == null || t.isEmpty() ? java.util.Set.of(Compensation.EVERYTHING) : t;
        } catch (RuntimeException e) {
            return java.util.Set.of(Compensation.EVERYTHING);
        }
    }

    private String newRunId() {
        return RUN_ID_TIME.format(clock.instant()) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    }

    /** One run of a plan. */
    private final class Execution {
        private final String runId;
        private final Path runDir;
        private final Journal journal;
        private final DefaultSiteResources resources;
        private final List<Step> steps;
        private final PlanOptions options;
        private final List<JournalEntry.Recorded> recorded = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private final List<UpgradeResult.ReportLine> report = new ArrayList<>();
        private final Map<String, StepOutcome> outcomes = new LinkedHashMap<>();
        private final DatabaseRunLock.Held dbLock;

        Execution(String runId, Path runDir, Journal journal, DefaultSiteResources resources, List<Step> steps, PlanOptions options,
                  DatabaseRunLock.Held dbLock) {
            this.dbLock = dbLock;
            this.runId = runId;
            this.runDir = runDir;
            this.journal = journal;
            this.resources = resources;
            this.steps = steps;
            this.options = options;
        }

        UpgradeResult execute() {
            try (ChildWatch.Installed watch = ChildWatch.install(childRecorder(journal))) {
                return executeWatched();
            }
        }

        private UpgradeResult executeWatched() {
            Instant start = clock.instant();
            List<String> ids = steps.stream().map(Step::id).toList();
            for (Step s : steps) {
                outcomes.put(s.id(), new StepOutcome(s.id(), s.description(), StepStatus.NOT_RUN, null, Duration.ZERO));
            }
            journal.write(new JournalEntry.RunStarted(start, runId, redactor.redact(site.toString()), ids,
                    resources.selectedDialect().map(d -> d.getClass().getName()).orElse(null)));
            listener.emit(new UpgradeEvent.RunStarted(runId, start, site.toString(), ids, false));
            RunStatus status = RunStatus.SUCCEEDED;
            UpgradeResult.Failure failure = null;
            List<CompensationOutcome> compensationOutcomes = new ArrayList<>();
            for (Step step : steps) {
                Instant stepStart = clock.instant();
                try {
                    journal.write(new JournalEntry.StepStarted(stepStart, step.id()));
                    listener.emit(new UpgradeEvent.StepStarted(runId, stepStart, step.id(), step.description()));
                    LOG.info("Step {} started: {}", step.id(), step.description());
                    dbLock.requireHeld();
                    step.apply(new Context(step));
                    Instant end = clock.instant();
                    journal.write(new JournalEntry.StepFinished(end, step.id()));
                    outcomes.put(step.id(), new StepOutcome(step.id(), step.description(), StepStatus.SUCCEEDED, stepStart,
                            Duration.between(stepStart, end)));
                    listener.emit(new UpgradeEvent.StepFinished(runId, end, step.id(), Duration.between(stepStart, end)));
                } catch (Exception | LinkageError | AssertionError e) {
                    Instant end = clock.instant();
                    UpgradeException ue = Failures.classify(e, step.id());
                    String msg = redactor.redact(ue.getMessage());
                    LOG.error("Step {} failed: {}", step.id(), msg);
                    outcomes.put(step.id(), new StepOutcome(step.id(), step.description(), StepStatus.FAILED, stepStart,
                            Duration.between(stepStart, end)));
                    listener.emit(new UpgradeEvent.StepFailed(runId, end, step.id(), Duration.between(stepStart, end), ue.code(), msg));
                    failure = new UpgradeResult.Failure(step.id(), ue.code(), msg, redactor.redact(ue.remedy()));
                    try {
                        journal.write(new JournalEntry.StepFailed(end, step.id(), ue.code(), msg));
                    } catch (UpgradeException je) {
                        warnings.add("Could not journal the failure: " + je.getMessage());
                    }
                    for (Map.Entry<String, StepOutcome> o : outcomes.entrySet()) {
                        if (o.getValue().status() == StepStatus.SUCCEEDED) {
                            o.setValue(new StepOutcome(o.getKey(), o.getValue().description(), StepStatus.UNDONE,
                                    o.getValue().startedAt(), o.getValue().duration()));
                        }
                    }
                    List<JournalEntry.Recorded> pending = new ArrayList<>(recorded);
                    java.util.Collections.reverse(pending);
                    int failed = undo(runId, runDir, pending, journal, resources, compensationOutcomes, warnings);
                    status = failed == 0 ? RunStatus.ROLLED_BACK : RunStatus.ROLLBACK_INCOMPLETE;
                    break;
                }
            }
            Instant end = clock.instant();
            try {
                journal.write(new JournalEntry.RunFinished(end, status));
            } catch (UpgradeException je) {
                warnings.add("Could not journal the end of the run: " + je.getMessage());
            }
            Duration took = Duration.between(start, end);
            listener.emit(new UpgradeEvent.RunFinished(runId, end, status, took));
            LOG.info("Run {} finished: {} in {} ms", runId, status, took.toMillis());
            List<UpgradeResult.ReportLine> lines = new ArrayList<>();
            if (status == RunStatus.SUCCEEDED) {
                lines.add(new UpgradeResult.ReportLine("engine", "backup", "Backups and the previous code of this run are in "
                        + runDir + " (readable by the owner only); remove the folder when the site is confirmed working."));
                lines.addAll(report);
            }
            return new UpgradeResult(runId, site.toString(), status, false, start, took, List.copyOf(outcomes.values()),
                    warnings, failure, compensationOutcomes, runDir.toString(), lines);
        }

        /** The context handed to one step. */
        private final class Context implements org.civiupgrade.spi.StepContext {
            private final Step step;

            Context(Step step) {
                this.step = step;
            }

            @Override
            public Site site() {
                return site;
            }

            @Override
            public org.civiupgrade.spi.SiteResources resources() {
                return resources;
            }

            @Override
            public PlanOptions options() {
                return options;
            }

            @Override
            public Path runDir() {
                return runDir;
            }

            @Override
            public String runId() {
                return runId;
            }

            @Override
            public void record(Compensation compensation) {
                JournalEntry.Recorded r = new JournalEntry.Recorded(clock.instant(), recorded.size() + 1, step.id(),
                        redactor.redact(compensation.describe()), compensation);
                journal.write(r);
                recorded.add(r);
                // journaled first, so that the change this compensation undoes is undone when the lock is lost
                dbLock.requireHeld();
            }

            @Override
            public void progress(long done, long total, String unit) {
                listener.emit(new UpgradeEvent.StepProgress(runId, clock.instant(), step.id(), done, total, unit));
            }

            @Override
            public void warn(String message) {
                String m = redactor.redact(message);
                warnings.add(step.id() + ": " + m);
                LOG.warn("{}: {}", step.id(), m);
                listener.emit(new UpgradeEvent.Warning(runId, clock.instant(), step.id(), m));
            }

            @Override
            public void report(String section, String line) {
                report.add(new UpgradeResult.ReportLine(step.id(), section, redactor.redact(line)));
            }

            @Override
            public void checkInterrupted() throws InterruptedException {
                if (Thread.interrupted()) {
                    throw new InterruptedException("The run was interrupted during step '" + step.id() + "'.");
                }
            }
        }
    }

    /**
     * For a work directory without an unfinished journal: what the site itself shows of a run that
     * no journal here accounts for (another work directory's run, a crash that lost its journal,
     * a hand-made change), blocking findings only; and another run holding the site's database
     * lock. Empty when the site looks as an idle site does, or when this work directory holds an
     * unfinished journal (recovery judges those).
     */
    public static List<org.civiupgrade.internal.recovery.Finding> unaccounted(Site site) {
        return unaccounted(site, true);
    }

    /**
     * {@link #unaccounted(Site)}; without {@code versions}, code newer than the database is not
     * counted (a plan that only migrates starts from it) and the database lock is not tried (a new
     * run takes it itself and refuses with {@link ErrorCode#SITE_LOCKED}), as for a new run and its check.
     */
    public static List<org.civiupgrade.internal.recovery.Finding> unaccounted(Site site, boolean versions) {
        if (hasUnfinishedRun(site)) {
            return List.of();
        }
        List<org.civiupgrade.internal.recovery.Finding> out = new ArrayList<>();
        try (DefaultSiteResources resources = reachable(new DefaultSiteResources(site))) {
            // a new run takes the lock itself and refuses with SITE_LOCKED; status and recover look here
            try (AutoCloseable held = versions ? DatabaseRunLock.acquire(site, resources) : () -> { }) {
                // free: no run of any work directory is using this database now
            } catch (UpgradeException e) {
                if (e.code() != ErrorCode.SITE_LOCKED) {
                    throw e;
                }
                out.add(new org.civiupgrade.internal.recovery.Finding("another run or recovery (from another work directory or "
                        + "machine) holds the lock of the CiviCRM database " + site.civicrmDatabase().database(),
                        org.civiupgrade.spi.support.Scopes.civicrmDatabase(), "wait for it to end; its --work-dir tells its state", true));
                return out;
            } catch (Exception e) {
                LOG.debug("Releasing the database lock after a look failed: {}", e.getMessage());
            }
            org.civiupgrade.internal.recovery.SiteEvidence.ofAnyRun(site, resources, versions).stream()
                    .filter(org.civiupgrade.internal.recovery.Finding::blocking).forEach(out::add);
        }
        return out;
    }

    /** The resources after one login to each of the site's databases; closed, and the failure thrown, when one fails. */
    private static DefaultSiteResources reachable(DefaultSiteResources resources) {
        try {
            resources.requireReachable();
            return resources;
        } catch (RuntimeException e) {
            resources.close();
            throw e;
        }
    }

    /** Whether the work directory holds a run that must be recovered first. */
    public static boolean hasUnfinishedRun(Site site) {
        return Files.isDirectory(runsDir(site)) && !JournalReader.unfinishedJournals(site.workDir()).isEmpty();
    }
}
