package org.civiupgrade.internal.rehearsal;

import org.civiupgrade.spi.support.IoProblems;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.RehearsalOptions;
import org.civiupgrade.RehearsalReport;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.event.UpgradeListener;
import org.civiupgrade.internal.engine.DefaultSiteResources;
import org.civiupgrade.internal.release.Trees;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.settings.SettingsEdit;
import org.civiupgrade.settings.SettingsEdits;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.BackupSummary;
import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.db.ObjectScope;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.support.SafeFiles;
import org.slf4j.Logger;

/**
 * Runs a plan on a copy of a site: clones the site's database(s) into scratch databases on the
 * same server with the {@link DatabaseDialect}'s backup and full restore into another schema
 * (every table of the schema, so CiviCRM's tables and the CMS's, prefix included, plus views,
 * triggers and routines), copies the site's folders (links resolved, so nothing in the copy
 * points back at production), points the copy's settings files at the scratch databases and
 * copied folders, runs the plan built for the copy, and removes the copy unless asked to keep it.
 *
 * <p>Production is only read: the clone is a backup (a consistent snapshot) plus file reads.
 */
public final class Rehearser {
    private static final Logger LOG = org.civiupgrade.internal.redact.Logs.get(Rehearser.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private final Site site;
    private final RehearsalOptions options;
    private final DatabaseDialect dialect;
    private final Function<Site, UpgradePlan> planFor;

    /**
     * @param site    the production site (only read)
     * @param options how to copy
     * @param dialect the plan's database dialect, which clones the database (and serves the copy's run)
     * @param planFor builds the same plan for another site (the copy)
     */
    public Rehearser(Site site, RehearsalOptions options, DatabaseDialect dialect, Function<Site, UpgradePlan> planFor) {
        this.site = site;
        this.options = options;
        this.dialect = java.util.Objects.requireNonNull(dialect, "dialect");
        this.planFor = planFor;
    }

    /** Clones, runs, cleans up. */
    public RehearsalReport rehearse(UpgradeListener listener) {
        CmsAdapter adapter = retargeting(site);
        DatabaseCoordinates civi = site.civicrmDatabase();
        DatabaseCoordinates cms = site.cmsDatabase();
        if (!sameServer(civi, cms)) {
            throw new UpgradeException(ErrorCode.PLAN_INVALID, "The CMS database is on another server than the CiviCRM database; "
                    + "a rehearsal clones both on the CiviCRM database's server.", "Rehearse on a staging copy of the site instead.", null);
        }
        String scratch = options.scratchDatabase().orElseGet(Rehearser::randomName);
        checkName(scratch);
        boolean separateCms = !cms.database().equals(civi.database());
        String scratchCms = separateCms ? scratch + "_cms" : scratch;
        checkName(scratchCms);
        for (String s : List.of(scratch, scratchCms)) {
            if (s.equals(civi.database()) || s.equals(cms.database())) {
                throw new UpgradeException(ErrorCode.PLAN_INVALID, "The scratch database " + s + " is the site's own database.",
                        "Name another scratch database.", null);
            }
        }
        List<String> scratchDbs = separateCms ? List.of(scratch, scratchCms) : List.of(scratch);

        long t0 = System.nanoTime();
        Path base;
        try {
            Path parent = options.copyParent().orElse(Path.of(System.getProperty("java.io.tmpdir")));
            Files.createDirectories(parent);
            base = Files.createTempDirectory(parent, "civi-rehearsal-");
            SafeFiles.ownerOnlyDirectories(base);
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.FILE_ERROR, "Cannot create the rehearsal folder", e);
        }
        boolean success = false;
        List<String> created = new ArrayList<>();
        try (DefaultSiteResources prod = new DefaultSiteResources(site, Optional.of(dialect))) {
            // 1. The database(s): a backup of the whole schema, restored in full into the scratch schema.
            ensureAbsent(prod.civicrmDatabase(), scratchDbs);
            List<String> tables = new ArrayList<>();
            created.add(scratch);
            tables.addAll(clone(dialect, prod.civicrmDatabase(), civi, base.resolve("db-civicrm"), scratch));
            if (separateCms) {
                created.add(scratchCms);
                tables.addAll(clone(dialect, prod.cmsDatabase(), cms, base.resolve("db-cms"), scratchCms));
            }
            // 2. The folders.
            Copy copy = copyFolders(base);
            Site copySite = copySite(copy, civi.withDatabase(scratch), cms.withDatabase(scratchCms), base.resolve("work"));
            pointSettingsAtCopy(copy, copySite, scratch, scratchCms);
            adapter.retargetCopy(copySite, copySite.cmsDatabase());
            Duration cloneTime = Duration.ofNanos(System.nanoTime() - t0);
            LOG.info("Rehearsal copy of {} ready in {}: database(s) {}, folder {}", site, cloneTime, scratchDbs, copy.root);

            // 3. The run.
            long t1 = System.nanoTime();
            UpgradeResult result = planFor.apply(copySite).run(listener);
            Duration runTime = Duration.ofNanos(System.nanoTime() - t1);

            long t2 = System.nanoTime();
            if (!options.keepCopy()) {
                cleanUp(prod.civicrmDatabase(), created, base);
            }
            Duration cleanTime = options.keepCopy() ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - t2);
            success = true;
            return new RehearsalReport(result, scratchDbs, copy.root.toString(), tables, copy.files, copy.bytes, cloneTime, runTime,
                    cleanTime, options.keepCopy());
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.FILE_ERROR, "Cannot copy the site for the rehearsal", e);
        } finally {
            if (!success && !options.keepCopy()) {
                try (DefaultSiteResources prod = new DefaultSiteResources(site, Optional.of(dialect))) {
                    cleanUp(prod.civicrmDatabase(), created, base);
                } catch (RuntimeException e) {
                    LOG.warn("Cannot remove the rehearsal's scratch database(s) {} or folder {}: {}", created, base, e.toString());
                }
            }
        }
    }

    /**
     * The site's CMS adapter, when it can point a copy's CMS at the scratch database; else the
     * rehearsal is refused before anything is copied, since the copy's CMS would use production's.
     */
    public static CmsAdapter retargeting(Site site) {
        Optional<CmsAdapter> adapter = site.adapter();
        if (adapter.isPresent() && adapter.get().retargetsCopies()) {
            return adapter.get();
        }
        String why = adapter.map(a -> "the " + a.name() + " CMS adapter cannot point a copy at another database "
                + "(it does not implement CmsAdapter.retargetCopy)").orElse("the site was assembled without a CMS adapter");
        throw new UpgradeException(ErrorCode.PLAN_INVALID, "Cannot rehearse on a copy of " + site.root() + ": " + why
                + ", so the copy's " + site.cmsName() + " would keep using production's database " + site.cmsDatabase().database() + ".",
                "Detect the site with Site.detect(...) (or give Site.builder().adapter(...)) with a CMS adapter that retargets copies, "
                        + "or rehearse on a staging copy of the site instead.", null);
    }

    private static String randomName() {
        byte[] b = new byte[5];
        new SecureRandom().nextBytes(b);
        return "cuv_rehearsal_" + HexFormat.of().formatHex(b);
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new UpgradeException(ErrorCode.PLAN_INVALID, "'" + name + "' is not a usable scratch database name.",
                    "Use letters, digits and '_' only, at most 64 characters.", null);
        }
    }

    private static boolean sameServer(DatabaseCoordinates a, DatabaseCoordinates b) {
        return a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
    }

    private static void ensureAbsent(DataSource ds, List<String> names) {
        try (Connection c = ds.getConnection();
             var st = c.prepareStatement("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            for (String n : names) {
                st.setString(1, n);
                try (var rs = st.executeQuery()) {
                    if (rs.next()) {
                        throw new UpgradeException(ErrorCode.PLAN_INVALID, "The scratch database " + n + " already exists.",
                                "Drop it or name another scratch database; a rehearsal never reuses a database.", null);
                    }
                }
            }
        } catch (SQLException e) {
            throw new UpgradeException(ErrorCode.DATABASE_ERROR, "Cannot list the server's databases: " + e.getMessage(), e);
        }
    }

    /** Backs the whole schema up (no separate logging database: it would be restored into production's) and restores it into {@code scratch}. */
    private List<String> clone(DatabaseDialect dialect, DataSource ds, DatabaseCoordinates coords, Path dir, String scratch) {
        int domainId = Integer.parseInt(site.attribute("civicrm.domainId").orElse("1").trim());
        BackupOptions bo = BackupOptions.defaults().withScope(ObjectScope.withPrefix(site.cmsDatabase().tablePrefix()))
                .withCivicrmOnly(false);
        bo = new BackupOptions(bo.scope(), false, bo.workers(), domainId, bo.progress());
        BackupSummary summary = dialect.backup(ds, dir, bo);
        try {
            dialect.restore(ds, dir, RestoreOptions.full().into(scratch));
        } catch (UpgradeException e) {
            throw new UpgradeException(e.code(), "Cannot restore the copy of " + coords.database() + " into the scratch database "
                    + scratch + ": " + e.getMessage(), "Grant the database user CREATE and DROP on `cuv\\_rehearsal\\_%`.* "
                    + "(or name a scratch database it may create), then rehearse again.", e);
        }
        List<String> tables = new ArrayList<>();
        try (Connection c = ds.getConnection();
             var st = c.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                     + "AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            st.setString(1, scratch);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new UpgradeException(ErrorCode.DATABASE_ERROR, "Cannot list the scratch database " + scratch + ": " + e.getMessage(), e);
        }
        LOG.info("Cloned {} ({} bytes backed up) into {}: {} tables", coords.database(), summary, scratch, tables.size());
        return tables;
    }

    /** Where each production folder went in the copy. */
    private static final class Copy {
        final Map<Path, Path> moved = new LinkedHashMap<>();
        Path root;
        long files;
        long bytes;

        /** The copy's path for a production path, when it lies in a copied folder. */
        Optional<Path> map(Path p) {
            Path abs = p.toAbsolutePath().normalize();
            for (Map.Entry<Path, Path> e : moved.entrySet()) {
                if (abs.startsWith(e.getKey())) {
                    return Optional.of(e.getValue().resolve(e.getKey().relativize(abs).toString()));
                }
            }
            return Optional.empty();
        }
    }

    private Copy copyFolders(Path base) throws IOException {
        Copy copy = new Copy();
        Path root = site.root().toAbsolutePath().normalize();
        copy.root = base.resolve("site");
        copyResolvingLinks(root, copy.root, copy);
        copy.moved.put(root, copy.root);
        // the code folder and the settings file may live outside the CMS root, or be reached through a link
        Path code = site.civicrmCodeDir().toAbsolutePath().normalize();
        if (!code.startsWith(root)) {
            Path to = base.resolve("civicrm-code").resolve(code.getFileName().toString());
            Files.createDirectories(to.getParent());
            copyResolvingLinks(code, to, copy);
            copy.moved.put(code, to);
        }
        Path settings = site.civicrmSettingsFile().toAbsolutePath().normalize();
        if (!settings.startsWith(root)) {
            Path to = base.resolve("civicrm-settings").resolve(settings.getFileName().toString());
            Files.createDirectories(to.getParent());
            Files.copy(settings, to, StandardCopyOption.COPY_ATTRIBUTES);
            copy.moved.put(settings, to);
            copy.files++;
            copy.bytes += Files.size(to);
        }
        return copy;
    }

    /**
     * Copies a tree, following links so that the copy holds real folders and files and nothing in
     * it points back at production (a linked code folder would otherwise be swapped in production).
     * A link loop is skipped with a warning.
     */
    private static void copyResolvingLinks(Path from, Path to, Copy copy) throws IOException {
        Files.walkFileTree(from, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path d = to.resolve(from.relativize(dir).toString());
                Files.createDirectories(d);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path t = to.resolve(from.relativize(file).toString());
                if (attrs.isRegularFile()) {
                    Files.copy(file, t, StandardCopyOption.COPY_ATTRIBUTES);
                    copy.files++;
                    copy.bytes += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof FileSystemLoopException || !Files.exists(file)) {
                    LOG.warn("Rehearsal copy skips {}: {}", file, exc.toString());
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Path d = to.resolve(from.relativize(dir).toString());
                Files.setPosixFilePermissions(d, Files.getPosixFilePermissions(dir));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private Site copySite(Copy copy, DatabaseCoordinates civi, DatabaseCoordinates cms, Path workDir) {
        Site.Builder b = Site.builder(copy.root).cms(site.cmsName(), site.cmsVersion()).siteName(site.siteName())
                .siteDir(copy.map(site.siteDir()).orElseThrow())
                .civicrmCodeDir(copy.map(site.civicrmCodeDir()).orElseThrow())
                .civicrmSettingsFile(copy.map(site.civicrmSettingsFile()).orElseThrow())
                .civicrmDatabase(civi).cmsDatabase(cms).workDir(workDir);
        // no separate logging database: the copy's CIVICRM_LOGGING_DSN names its scratch database (see pointSettingsAtCopy)
        site.adapter().ifPresent(b::adapter);
        for (Map.Entry<String, String> a : site.attributes().entrySet()) {
            String v = a.getValue();
            if (v.startsWith("/")) {
                v = copy.map(Path.of(v)).map(Path::toString).orElse(v);
            }
            b.attribute(a.getKey(), v);
        }
        return b.build();
    }

    /**
     * Points the copy's settings at the copy: in {@code civicrm.settings.php} the DSNs (logging
     * included) name the scratch databases and {@code $civicrm_root} and the compile folder the
     * copied folders; a Drupal {@code settings.php} gets an override of its database name
     * appended, so that a CiviCRM upgrader bootstrapping the copied CMS never opens production.
     */
    private void pointSettingsAtCopy(Copy copy, Site copySite, String scratch, String scratchCms) throws IOException {
        Path file = copySite.civicrmSettingsFile();
        SettingsFile s = SettingsFile.read(file);
        // each edit is made against the file as it is, then applied before the next one
        for (String define : List.of("CIVICRM_DSN", "CIVICRM_UF_DSN", "CIVICRM_LOGGING_DSN")) {
            Optional<PhpValue> v = s.defineValue(define);
            if (v.isPresent() && v.get() instanceof PhpValue.Str str) {
                String db = define.equals("CIVICRM_UF_DSN") ? scratchCms : scratch;
                s = apply(s, SettingsEdits.setDefine(s, define, PhpValue.Str.of(withDatabase(str.text(), db))));
            }
        }
        Optional<String> root = s.civicrmRoot();
        if (root.isPresent() && root.get().startsWith("/")) {
            Optional<Path> mapped = copy.map(Path.of(root.get()));
            if (mapped.isPresent()) {
                s = apply(s, SettingsEdits.setCivicrmRoot(s, mapped.get() + (root.get().endsWith("/") ? "/" : "")));
            }
        }
        Optional<PhpValue> compile = s.defineValue("CIVICRM_TEMPLATE_COMPILEDIR");
        if (compile.isPresent() && compile.get() instanceof PhpValue.Str str && str.text().startsWith("/")) {
            Optional<Path> mapped = copy.map(Path.of(str.text()));
            if (mapped.isPresent()) {
                s = apply(s, SettingsEdits.setDefine(s, "CIVICRM_TEMPLATE_COMPILEDIR",
                        PhpValue.Str.of(mapped.get() + (str.text().endsWith("/") ? "/" : ""))));
            }
        }
        s.writeTo(file);
    }

    private static SettingsFile apply(SettingsFile file, Optional<SettingsEdit> edit) {
        return edit.isPresent() ? file.apply(edit.get()) : file;
    }

    /** A DSN with its database (the path after the host) replaced; user, password and options kept byte for byte. */
    static String withDatabase(String dsn, String database) {
        int at = dsn.lastIndexOf('@');
        int slash = dsn.indexOf('/', Math.max(at, dsn.indexOf("://") + 3));
        if (slash < 0) {
            return dsn;
        }
        int end = dsn.indexOf('?', slash);
        return dsn.substring(0, slash + 1) + database + (end < 0 ? "" : dsn.substring(end));
    }

    private static void cleanUp(DataSource ds, List<String> databases, Path base) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String db : databases) {
                checkName(db);
                st.execute("DROP DATABASE IF EXISTS `" + db + "`");
            }
        } catch (SQLException e) {
            throw new UpgradeException(ErrorCode.DATABASE_ERROR, "Cannot drop the rehearsal's scratch database(s) " + databases
                    + ": " + e.getMessage(), "Drop them by hand.", e);
        }
        try {
            Trees.deleteIfPresent(base);
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.FILE_ERROR, "Cannot delete the rehearsal folder " + base, e);
        }
    }
}
