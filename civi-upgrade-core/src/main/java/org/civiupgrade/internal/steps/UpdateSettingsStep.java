package org.civiupgrade.internal.steps;

import org.civiupgrade.settings.SettingsEdit;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.settings.SettingsOptions;
import org.civiupgrade.settings.SettingsUpgrade;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.civiupgrade.CheckResult;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.Version;
import org.civiupgrade.internal.plugins.Plugins;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.support.RestoreFileContent;
import org.civiupgrade.spi.SettingsEditor;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.jspecify.annotations.Nullable;

/**
 * Updates the site's {@code civicrm.settings.php} for a version jump ({@link SettingsUpgrade}):
 * before writing, it saves the previous bytes in the run folder (owner-only) and records a
 * {@link RestoreFileContent} compensation that puts them back byte for byte; then it writes the
 * edited file atomically, keeping owner and mode. Options come from the constructor and from the
 * plan's {@code settings.*} options ({@link SettingsOptions#from}), either one enabling an opt-in.
 */
public final class UpdateSettingsStep implements Step {
    /** The step's id. */
    public static final String ID = "update-settings";
    /** What the step provides to later steps. */
    public static final String PROVIDES = "settings-updated";

    private final Version from;
    private final Version to;
    private final SettingsOptions options;
    private final @Nullable SettingsEditor editor;

    /**
     * The step with default options and the site's settings editor (see
     * {@link #UpdateSettingsStep(Version, Version, SettingsOptions)}).
     *
     * @param from the CiviCRM version installed before the upgrade
     * @param to   the CiviCRM version being installed
     */
    public UpdateSettingsStep(Version from, Version to) {
        this(from, to, SettingsOptions.defaults());
    }

    /**
     * The step with the installed {@link SettingsEditor} that has the highest priority for the
     * site (chosen when the step is checked or run), else the built-in editor.
     *
     * @param from    the CiviCRM version installed before the upgrade
     * @param to      the CiviCRM version being installed
     * @param options which optional edits to make
     */
    public UpdateSettingsStep(Version from, Version to, SettingsOptions options) {
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        this.options = Objects.requireNonNull(options, "options");
        this.editor = null;
    }

    /**
     * The step with its own editor.
     *
     * @param from    the CiviCRM version installed before the upgrade
     * @param to      the CiviCRM version being installed
     * @param options which optional edits to make
     * @param editor  computes the edits of {@code civicrm.settings.php}
     */
    public UpdateSettingsStep(Version from, Version to, SettingsOptions options, SettingsEditor editor) {
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        this.options = Objects.requireNonNull(options, "options");
        this.editor = Objects.requireNonNull(editor, "editor");
    }

    private SettingsEditor editor(PlanContext context) {
        return editor != null ? editor : Plugins.installed().settingsEditor(context.site(), null);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Update civicrm.settings.php for " + from + " -> " + to;
    }

    @Override
    public Reversibility reversibility() {
        return Reversibility.REVERSIBLE;
    }

    @Override
    public Set<String> provides() {
        return Set.of(PROVIDES);
    }

    private SettingsOptions effective(PlanContext context) {
        SettingsOptions o = SettingsOptions.from(context.options());
        return new SettingsOptions(options.addSiteKey() || o.addSiteKey(), options.commentOutIds() || o.commentOutIds(),
                options.civicrmRoot().or(o::civicrmRoot), options.templateCompileDir().or(o::templateCompileDir),
                options.baseUrl().or(o::baseUrl));
    }

    private Path file(PlanContext context) {
        Path f = context.site().civicrmSettingsFile();
        if (f == null) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, "The site has no civicrm.settings.php.",
                    "Point the site at the folder holding civicrm.settings.php.", null);
        }
        return f;
    }

    @Override
    public List<CheckResult> check(PlanContext context) {
        List<CheckResult> out = new ArrayList<>();
        Path f;
        try {
            f = file(context);
        } catch (UpgradeException e) {
            return List.of(CheckResult.blocker("settings.missing", e.getMessage(), e.remedy()));
        }
        if (!Files.isRegularFile(f)) {
            return List.of(CheckResult.blocker("settings.missing", "civicrm.settings.php not found at " + f + ".",
                    "Point the site at the folder holding civicrm.settings.php."));
        }
        if (Files.isSymbolicLink(f)) {
            try {
                out.add(CheckResult.info("settings.symlink", f + " is a link to " + f.toRealPath() + "; that file is edited."));
                f = f.toRealPath();
            } catch (java.io.IOException e) {
                return List.of(CheckResult.blocker("settings.missing", f + " is a broken link.",
                        "Point the link at the real civicrm.settings.php."));
            }
        }
        Path dir = f.toAbsolutePath().getParent();
        if (!Files.isWritable(dir)) {
            out.add(CheckResult.blocker("settings.read-only", "The folder " + dir + " is not writable by this process; "
                    + "civicrm.settings.php is replaced by a rename inside it.",
                    "Run as a user who may write that folder, or make it writable for the upgrade."));
        }
        try {
            SettingsEditor editor = editor(context);
            SettingsFile file = editor.read(f);
            SettingsUpgrade.Plan plan = editor.plan(file, from, to, effective(context));
            out.addAll(plan.findings());
            try {
                file.civicrmDsn();
            } catch (UpgradeException e) {
                out.add(CheckResult.warning("settings.dsn", e.getMessage(), e.remedy()));
            }
        } catch (UpgradeException e) {
            out.add(CheckResult.blocker("settings.unreadable", e.getMessage(), e.remedy()));
        }
        return out;
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        Path f = file(context);
        if (!Files.isRegularFile(f)) {
            return List.of(new PlannedAction(ID, "edit " + f + " (not found: the check will block the run)", ""));
        }
        SettingsEditor editor = editor(context);
        SettingsUpgrade.Plan plan = editor.plan(editor.read(f), from, to, effective(context));
        List<PlannedAction> out = new ArrayList<>();
        if (plan.isEmpty()) {
            out.add(new PlannedAction(ID, "leave " + f + " unchanged (nothing to edit for " + from + " -> " + to + ")", ""));
            return out;
        }
        String undo = "restore the previous bytes of " + f + " from the copy saved in the run folder";
        for (SettingsEdit e : plan.edits()) {
            out.add(new PlannedAction(ID, f.getFileName() + ": " + e.description(), undo));
        }
        return out;
    }

    @Override
    public void apply(StepContext context) throws Exception {
        // a symlinked settings file (a deployment keeping it outside the web root) is edited where it
        // lives; replacing the link by a file would cut the deployment's link
        Path f = file(context).toRealPath();
        SettingsEditor editor = editor(context);
        SettingsFile file = editor.read(f);
        SettingsUpgrade.Plan plan = editor.plan(file, from, to, effective(context));
        for (CheckResult r : plan.findings()) {
            if (r.severity() != org.civiupgrade.Severity.INFO) {
                context.warn(r.message());
            }
        }
        if (plan.isEmpty()) {
            context.progress(1, 1, "files");
            return;
        }
        RestoreFileContent.save(context, f);
        editor.write(f, plan.result());
        byte[] written = Files.readAllBytes(f);
        if (!Arrays.equals(written, plan.result().bytes())) {
            throw new UpgradeException(ErrorCode.FILE_ERROR, "civicrm.settings.php at " + f + " does not hold what was written.",
                    "Check the disk and whether another process writes the file.", null);
        }
        context.progress(1, 1, "files");
    }
}
