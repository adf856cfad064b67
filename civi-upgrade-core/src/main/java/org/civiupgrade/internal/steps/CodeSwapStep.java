package org.civiupgrade.internal.steps;

import org.civiupgrade.internal.release.PhpRequirement;
import org.civiupgrade.internal.release.SafeExtractor;
import org.civiupgrade.internal.release.Trees;
import org.civiupgrade.spi.cms.FilesFolderSupport;
import org.civiupgrade.spi.support.DeletePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.civiupgrade.CheckResult;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Release;
import org.civiupgrade.Reversibility;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.Version;
import org.civiupgrade.spi.support.FileModes;
import org.civiupgrade.spi.support.IoProblems;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.support.SafeFiles;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.slf4j.Logger;

/**
 * Replaces the CiviCRM code folder with the release's: unpacks the release (and its
 * translations) into a hidden staging folder beside the live one, carries over
 * {@code settings_location.php}, then swaps with two renames so the live folder is never
 * half-written, and moves the old code into the run folder (never below a {@code modules}
 * folder, where Drupal would load its {@code .module} files). The staging and set-aside folders
 * beside the live one start with a dot, which Drupal 7's file scan skips. When the site's code folder is a
 * symbolic link, the folder it points to is swapped, so the link keeps working.
 *
 * <p>Compensations: removal of the staging folder (recorded before unpacking),
 * {@link EmptyFolderCompensation} of CiviCRM's compiled templates when the site names them
 * (attribute {@value #TEMPLATE_COMPILE_DIR}) and {@link CodeSwapCompensation} (both recorded
 * before the first rename), all right after a stop at any point. Files of the old folder that the release lacks (local patches) are reported as
 * warnings and listed in {@code code-extra-files.txt} in the run folder; the old code itself
 * stays in the backup until the run's folder is removed.
 */
public final class CodeSwapStep implements Step {
    private static final Logger LOG = org.civiupgrade.internal.redact.Logs.get(CodeSwapStep.class);

    /** Step id. */
    public static final String ID = "swap-code";
    /** Capability offered to later steps: the new code is in place, the old one kept in the run folder. */
    public static final String PROVIDES = "code-swapped";
    /** Site attribute naming CiviCRM's compiled-templates folder, emptied when the swap is undone. */
    public static final String TEMPLATE_COMPILE_DIR = "civicrm.templateCompileDir";
    /** Files of the old code folder a site needs and the release lacks. */
    public static final List<String> CARRY_OVER = List.of("settings_location.php");
    /** The run folder's subfolder holding the old code. */
    public static final String BACKUP_DIR = "code-backup";
    /** Check result id: whether the release's sha256 was compared. */
    public static final String RELEASE_SHA256 = "release.sha256";
    /** Check result id: entries of the release whose group/other write bits are dropped on install. */
    public static final String RELEASE_MODES = "release.modes";
    /** The run folder's list of the old folder's extra files. */
    public static final String EXTRA_FILES = "code-extra-files.txt";

    /**
     * Options of the swap.
     *
     * @param allowSameOrOlder    install a release that is not newer than the installed code
     * @param fixFilesPermissions set Drupal's files folder to folders 0755 / files 0644 (undone on rollback)
     * @param filesDir            the CMS files folder; null for the CMS adapter's
     *                            ({@link org.civiupgrade.spi.CmsAdapter#filesDirectory}), none without an adapter
     */
    public record Options(boolean allowSameOrOlder, boolean fixFilesPermissions, Path filesDir) {
        public static final Options DEFAULT = new Options(false, false, null);
    }

    /** A test hook called between the swap's actions; throwing stops the step there. */
    @FunctionalInterface
    public interface Checkpoint {
        void reached(String name) throws Exception;
    }

    private final Release release;
    private final Options options;
    private final Checkpoint checkpoint;

    public CodeSwapStep(Release release) {
        this(release, Options.DEFAULT);
    }

    public CodeSwapStep(Release release, Options options) {
        this(release, options, name -> { });
    }

    public CodeSwapStep(Release release, Options options, Checkpoint checkpoint) {
        this.release = Objects.requireNonNull(release, "release");
        this.options = Objects.requireNonNull(options, "options");
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Replace the CiviCRM code with release " + release.version();
    }

    @Override
    public Reversibility reversibility() {
        return Reversibility.REVERSIBLE;
    }

    @Override
    public Set<String> provides() {
        return Set.of(PROVIDES);
    }

    /** The folder swapped: the code folder, or the folder its link points to. */
    static Path liveFolder(Site site) throws IOException {
        Path code = site.civicrmCodeDir();
        return Files.isSymbolicLink(code) ? code.toRealPath() : code;
    }

    /** The CMS files folder for the permission check: the one given, else the adapter's ({@link org.civiupgrade.spi.CmsAdapter#filesDirectory}). */
    Optional<Path> filesDir(Site site) {
        if (options.filesDir() != null) {
            return Optional.of(options.filesDir());
        }
        return site.adapter().flatMap(a -> a.filesDirectory(site));
    }

    @Override
    public List<CheckResult> check(PlanContext context) {
        List<CheckResult> out = new ArrayList<>();
        Site site = context.site();
        Path code = site.civicrmCodeDir();
        if (!Files.isDirectory(code)) {
            out.add(CheckResult.blocker("code.folder", "The CiviCRM code folder " + code + " does not exist.",
                    "Point the site at its CiviCRM code folder."));
            return out;
        }
        Path live;
        try {
            live = liveFolder(site);
        } catch (IOException e) {
            out.add(CheckResult.blocker("code.folder", "Cannot resolve " + code + ": " + IoProblems.describe(e) + ".",
                    IoProblems.remedy(e)));
            return out;
        }
        if (!live.equals(code)) {
            out.add(CheckResult.info("code.symlink", code + " links to " + live + "; the folder it points to is replaced, the link stays."));
        }
        if (!Files.isWritable(live.getParent())) {
            out.add(CheckResult.blocker("code.writable", "Cannot write in " + live.getParent() + ", where the new code is staged.",
                    "Run as a user who may write there."));
        }
        Optional<Version> installed = Release.readInstalledVersion(live);
        if (installed.isEmpty()) {
            out.add(CheckResult.warning("code.version", "The code folder " + live + " holds no readable version file.",
                    "Check the folder is CiviCRM's code."));
        } else {
            try {
                release.checkUpgradeFrom(installed.get(), options.allowSameOrOlder());
                out.add(CheckResult.info("code.version", "Code " + installed.get() + " will be replaced by " + release.version() + "."));
            } catch (UpgradeException e) {
                out.add(CheckResult.blocker("code.version", e.getMessage(), e.remedy()));
            }
        }
        try {
            FileStore store = Files.getFileStore(live.getParent());
            long need = release.bytes() + release.bytes() / 10;
            if (store.getUsableSpace() < need) {
                out.add(CheckResult.blocker("code.space", "Only " + store.getUsableSpace() / (1 << 20) + " MiB free beside "
                        + live + "; the release needs " + need / (1 << 20) + " MiB.", "Free disk space."));
            }
        } catch (IOException e) {
            out.add(CheckResult.warning("code.space", "Cannot read free space beside " + live + ": " + IoProblems.describe(e) + ".",
                    IoProblems.remedy(e)));
        }
        out.addAll(releaseFindings());
        context.options().find(org.civiupgrade.CoreOptions.PHP_BINARY).ifPresent(php -> out.addAll(PhpRequirement.check(php, release)));
        Path backup = context.runDir().resolve(BACKUP_DIR);
        if (underModules(backup)) {
            out.add(CheckResult.blocker("code.backup-location", "The old code would be kept at " + backup
                    + ", below a 'modules' folder, where Drupal loads every .module file it finds.",
                    "Choose a work directory outside the Drupal modules folders."));
        }
        Optional<Path> filesFolder = filesDir(site);
        if (filesFolder.isEmpty()) {
            if (options.fixFilesPermissions()) {
                out.add(CheckResult.blocker("files.permissions", "The permission fix of the files folder was asked for, but the site's "
                        + "CMS adapter names no files folder.", "Leave the permission fix off, or use a CMS adapter that implements "
                        + "CmsAdapter.filesDirectory."));
            }
            return out;
        }
        Path files = filesFolder.get();
        try {
            List<FileModes.Deviation> dev = FileModes.deviations(List.of(files), Optional.empty());
            if (!dev.isEmpty()) {
                String first = dev.stream().limit(5).map(d -> d.path() + " " + d.mode()).toList().toString();
                out.add(options.fixFilesPermissions()
                        ? CheckResult.info("files.permissions", dev.size() + " entries of " + files + " will be set to folders 0755, files 0644: " + first)
                        : CheckResult.warning("files.permissions", dev.size() + " entries of " + files
                        + " differ from folders 0755 / files 0644: " + first, "Enable the permission fix of the code swap, or fix them by hand."));
            }
        } catch (IOException e) {
            out.add(CheckResult.warning("files.permissions", "Cannot read " + files + ": " + IoProblems.describe(e) + ".",
                    IoProblems.remedy(e)));
        }
        return out;
    }

    /** What the inspection of the release found that is not a refusal: no sha256 to compare, modes normalised. */
    List<CheckResult> releaseFindings() {
        List<CheckResult> out = new ArrayList<>();
        if (release.sha256Verified()) {
            out.add(CheckResult.info(RELEASE_SHA256, "The sha256 of " + release.path().getFileName() + " matches the one given."));
        } else {
            out.add(CheckResult.warning(RELEASE_SHA256, "No sha256 was given for " + release.path().getFileName()
                    + ", so a damaged or tampered download is not detected before it is installed.",
                    "Give the sha256 published next to the download (the --sha256 option of the command line, or "
                            + "Release.tarball(path, sha256))."));
        }
        if (release.groupOrWorldWritableCount() > 0) {
            out.add(CheckResult.info(RELEASE_MODES, release.groupOrWorldWritableCount() + " entries of " + release.path().getFileName()
                    + " grant group or other write (e.g. " + String.join(", ", release.groupOrWorldWritableEntries().subList(0,
                    Math.min(5, release.groupOrWorldWritableEntries().size()))) + "); they are installed without it "
                    + "(folders 0755, files 0644 or 0755 at most)."));
        }
        return out;
    }

    static boolean underModules(Path p) {
        for (Path part : p.toAbsolutePath().normalize()) {
            if (part.toString().equals("modules")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        Site site = context.site();
        Path live;
        try {
            live = liveFolder(site);
        } catch (IOException e) {
            live = site.civicrmCodeDir();
        }
        Paths p = paths(live, context.runDir(), "<run>");
        List<PlannedAction> out = new ArrayList<>();
        out.add(new PlannedAction(ID, "unpack " + release.path().getFileName() + release.l10n().map(l -> " and " + l.getFileName()).orElse("")
                + " (" + release.entries() + " entries, " + release.bytes() + " bytes) into " + p.staging, "remove " + p.staging));
        out.add(new PlannedAction(ID, "copy " + CARRY_OVER + " from the old code folder, if present; report other files the release lacks", ""));
        out.add(new PlannedAction(ID, "rename " + live + " to " + p.old + ", then " + p.staging + " to " + live,
                "rename the old code back to " + live));
        out.add(new PlannedAction(ID, "move the old code to " + p.backup, "move it back to " + live));
        compiledTemplates(site).ifPresent(t -> out.add(new PlannedAction(ID, "(on rollback only) empty " + t,
                "remove templates the new code may have compiled, after the old code is back")));
        if (options.fixFilesPermissions()) {
            filesDir(site).ifPresent(f -> out.add(new PlannedAction(ID, "set " + f + " to folders 0755, files 0644", "restore the previous modes")));
        }
        return out;
    }

    private record Paths(Path live, Path staging, Path old, Path failed, Path restore, Path backup, Path backupPartial) { }

    private static Paths paths(Path live, Path runDir, String runId) {
        Path parent = live.getParent();
        String name = live.getFileName().toString();
        Path backupDir = runDir.resolve(BACKUP_DIR);
        return new Paths(live, parent.resolve("." + name + ".new-" + runId), parent.resolve("." + name + ".old-" + runId),
                parent.resolve("." + name + ".failed-" + runId), parent.resolve("." + name + ".restore-" + runId),
                backupDir.resolve(name), backupDir.resolve(name + ".partial"));
    }

    @Override
    public void apply(StepContext ctx) throws Exception {
        Site site = ctx.site();
        Path code = site.civicrmCodeDir();
        if (!Files.isDirectory(code)) {
            throw new UpgradeException(ErrorCode.SITE_INVALID, "The CiviCRM code folder " + code + " does not exist.");
        }
        Path live = liveFolder(site);
        Optional<Version> installed = Release.readInstalledVersion(live);
        if (installed.isPresent()) {
            release.checkUpgradeFrom(installed.get(), options.allowSameOrOlder());
        }
        Path runDir = ctx.runDir();
        if (underModules(runDir)) {
            throw new UpgradeException(ErrorCode.PLAN_INVALID, "The run folder " + runDir + " is below a 'modules' folder; "
                    + "the old code must not be kept there.", "Choose a work directory outside the Drupal modules folders.", null);
        }
        Paths p = paths(live, runDir, ctx.runId());
        for (Path leftover : List.of(p.staging, p.old, p.failed, p.restore, p.backup, p.backupPartial)) {
            if (Trees.present(leftover)) {
                throw new UpgradeException(ErrorCode.FILE_ERROR, leftover + " already exists.", "Remove it; it is not part of any run.", null);
            }
        }

        // 1. Stage: the compensation first, since unpacking is not atomic.
        ctx.record(new DeletePath(p.staging.toString()));
        SafeExtractor extractor = new SafeExtractor(release.limits());
        long totalFiles = release.entries();
        long totalBytes = release.bytes();
        long[] before = {0, 0};
        SafeExtractor.Progress progress = (files, bytes) -> {
            ctx.checkInterrupted();
            ctx.progress(before[0] + files, totalFiles, "files");
            ctx.progress(before[1] + bytes, totalBytes, "bytes");
        };
        SafeExtractor.Outcome main = extractor.extract(release.path(), "civicrm", p.staging, progress);
        Set<String> shipped = new TreeSet<>(main.paths());
        before[0] = main.files();
        before[1] = main.bytes();
        if (release.l10n().isPresent()) {
            shipped.addAll(extractor.extract(release.l10n().get(), "civicrm", p.staging, progress).paths());
        }
        Version staged = Release.readInstalledVersion(p.staging).orElseThrow(() -> new UpgradeException(ErrorCode.RELEASE_INVALID,
                "The unpacked release at " + p.staging + " holds no readable version file."));
        if (!staged.equals(release.version())) {
            throw new UpgradeException(ErrorCode.RELEASE_INVALID, "The unpacked release declares " + staged + ", not " + release.version() + ".");
        }
        keepOwnership(live, p.staging);
        checkpoint.reached("staged");

        // 2. Carry over what the site needs and report local changes.
        Optional<String> extensions = org.civiupgrade.internal.cms.ExtensionsCarryOver.carry(ctx, live, p.staging, shipped);
        carryOverAndReport(ctx, live, p.staging, shipped, extensions);
        checkpoint.reached("carried");

        // 3. Swap: the compensations first, then two renames in the same folder. Once the new code
        // is in place it may compile templates; recorded before the swap's own compensation, the
        // emptying of templates_c is undone after the old code is back (the documented rollback).
        Optional<Path> compiled = compiledTemplates(site);
        if (compiled.isPresent()) {
            ctx.record(new EmptyFolderCompensation(compiled.get().toString()));
        }
        ctx.record(new CodeSwapCompensation(live.toString(), p.old.toString(), p.backup.toString(), p.backupPartial.toString(),
                p.failed.toString(), p.restore.toString()));
        rename(live, p.old);
        checkpoint.reached("renamed-old");
        rename(p.staging, live);
        checkpoint.reached("renamed-new");
        LOG.info("CiviCRM code at {} replaced by release {}", live, release.version());

        // 4. Keep the old code in the run folder, outside any modules folder.
        SafeFiles.ownerOnlyDirectories(p.backup.getParent());
        Trees.moveTree(p.old, p.backup, p.backupPartial);
        checkpoint.reached("backed-up");

        // 5. Files folder permissions, as an option.
        if (options.fixFilesPermissions()) {
            Path files = filesDir(site).orElseThrow(() -> new UpgradeException(ErrorCode.PLAN_INVALID,
                    "The permission fix of the files folder was asked for, but the site's CMS adapter names no files folder."));
            fixPermissions(ctx, files);
            checkpoint.reached("permissions");
        }
    }

    /** CiviCRM's compiled-templates folder ({@code CIVICRM_TEMPLATE_COMPILEDIR}), when the CMS adapter found it. */
    static Optional<Path> compiledTemplates(Site site) {
        return site.attribute(TEMPLATE_COMPILE_DIR).map(Path::of);
    }

    /**
     * Gives the unpacked code the owner and group of the old code folder when they differ (the
     * upgrade runs as root, the site's files belong to a deploy user), so the site's users keep
     * the access they had. Without the right to change owners, the files stay the runner's.
     */
    private static void keepOwnership(Path live, Path staging) throws IOException {
        java.nio.file.attribute.PosixFileAttributes old;
        try {
            old = Files.readAttributes(live, java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return;
        }
        var now = Files.readAttributes(staging, java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (old.owner().equals(now.owner()) && old.group().equals(now.group())) {
            return;
        }
        var view = java.nio.file.attribute.PosixFileAttributeView.class;
        try (Stream<Path> all = Files.walk(staging)) {
            for (Path f : all.toList()) {
                var v = Files.getFileAttributeView(f, view, LinkOption.NOFOLLOW_LINKS);
                v.setOwner(old.owner());
                v.setGroup(old.group());
            }
        } catch (java.nio.file.FileSystemException e) {
            LOG.warn("Cannot give the new code the old folder's owner {}:{} ({}); it keeps the runner's.",
                    old.owner().getName(), old.group().getName(), e.getMessage());
        }
    }

    private static void rename(Path from, Path to) throws IOException {
        if (!Trees.renameAtomically(from, to)) {
            throw new UpgradeException(ErrorCode.FILE_ERROR, "Cannot rename " + from + " to " + to + " atomically.");
        }
    }

    private void carryOverAndReport(StepContext ctx, Path live, Path staging, Set<String> shipped, Optional<String> carried)
            throws IOException {
        for (String name : CARRY_OVER) {
            Path from = live.resolve(name);
            Path to = staging.resolve(name);
            if (Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS) && !Trees.present(to)) {
                Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                ctx.warn("Carried " + name + " over from the old code folder to the new one.");
            }
        }
        List<String> extra = new ArrayList<>();
        try (Stream<Path> all = Files.walk(live)) {
            all.filter(f -> !Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)).forEach(f -> {
                String rel = live.relativize(f).toString().replace('\\', '/');
                if (!shipped.contains(rel) && !CARRY_OVER.contains(rel) && carried.filter(c -> rel.startsWith(c + "/")).isEmpty()) {
                    extra.add(rel);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (extra.isEmpty()) {
            return;
        }
        extra.sort(null);
        Path list = ctx.runDir().resolve(EXTRA_FILES);
        SafeFiles.writeAtomically(list, (String.join("\n", extra) + "\n").getBytes(StandardCharsets.UTF_8),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        int shown = Math.min(extra.size(), 20);
        ctx.warn(extra.size() + " file(s) of the old code folder are not in release " + release.version()
                + " and were not carried over (local patches or files of the old release): "
                + String.join(", ", extra.subList(0, shown)) + (extra.size() > shown ? ", ..." : "")
                + ". The old code is kept in " + ctx.runDir().resolve(BACKUP_DIR) + "; the full list is in " + list + ".");
    }

    private void fixPermissions(StepContext ctx, Path files) throws Exception {
        List<FileModes.Deviation> dev = FileModes.fix(ctx, List.of(files), Optional.empty(), ctx.runDir().resolve("files-modes.txt"));
        if (!dev.isEmpty()) {
            ctx.warn("Set " + dev.size() + " entries of " + files + " to folders 0755, files 0644.");
        }
    }
}
