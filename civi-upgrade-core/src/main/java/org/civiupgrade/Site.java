package org.civiupgrade;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.civiupgrade.internal.plugins.Plugins;
import org.civiupgrade.spi.CmsAdapter;
import org.jspecify.annotations.Nullable;

/**
 * A CiviCRM installation inside a CMS: where its files, settings and databases are, and which
 * {@link CmsAdapter} drives it. Immutable. Usually made by {@link #detect(Path)}; extensions
 * and tests may assemble one with {@link #builder(Path)}.
 *
 * <p>The work directory holds the lock, the journals and (by default) the backups of every
 * run on this site. It defaults to {@code ~/.civi-upgrade/sites/<site>-<hash>}, outside the
 * web root and outside any {@code modules} folder; {@link #withWorkDir(Path)} changes it.
 */
public final class Site {
    /** System property naming the folder below which default work directories are made. */
    public static final String WORK_BASE_PROPERTY = "civiupgrade.workBase";

    private final Path root;
    private final String cmsName;
    private final String cmsVersion;
    private final String siteName;
    private final Path siteDir;
    private final Path civicrmCodeDir;
    private final Path civicrmSettingsFile;
    private final DatabaseCoordinates cmsDatabase;
    private final DatabaseCoordinates civicrmDatabase;
    private final DatabaseCoordinates civicrmLoggingDatabase;
    private final Path workDir;
    private final CmsAdapter adapter;
    private final Map<String, String> attributes;

    private Site(Builder b) {
        this.root = b.root.toAbsolutePath().normalize();
        this.cmsName = Objects.requireNonNull(b.cmsName, "cmsName");
        this.cmsVersion = b.cmsVersion == null ? "" : b.cmsVersion;
        this.siteName = b.siteName == null ? "default" : b.siteName;
        this.siteDir = abs(b.siteDir == null ? root.resolve("sites").resolve(siteName) : b.siteDir);
        this.civicrmCodeDir = abs(Objects.requireNonNull(b.civicrmCodeDir, "civicrmCodeDir"));
        this.civicrmSettingsFile = abs(b.civicrmSettingsFile == null
                ? siteDir.resolve("civicrm.settings.php") : b.civicrmSettingsFile);
        this.cmsDatabase = Objects.requireNonNull(b.cmsDatabase, "cmsDatabase");
        this.civicrmDatabase = b.civicrmDatabase == null ? b.cmsDatabase.withTablePrefix("") : b.civicrmDatabase;
        this.civicrmLoggingDatabase = b.civicrmLoggingDatabase;
        this.adapter = b.adapter;
        this.attributes = Map.copyOf(b.attributes);
        this.workDir = abs(b.workDir == null ? defaultWorkDir(root, siteName) : b.workDir);
        // no log line, event or report of this process may show the site's passwords
        org.civiupgrade.internal.redact.Secrets.register(cmsDatabase.password().reveal());
        org.civiupgrade.internal.redact.Secrets.register(civicrmDatabase.password().reveal());
        if (civicrmLoggingDatabase != null) {
            org.civiupgrade.internal.redact.Secrets.register(civicrmLoggingDatabase.password().reveal());
        }
    }

    private Path abs(Path p) {
        return (p.isAbsolute() ? p : root.resolve(p)).toAbsolutePath().normalize();
    }

    /**
     * Finds the site in a CMS root with the {@link CmsAdapter} whose {@link CmsAdapter#probe probe}
     * is highest (adapters from the library's and the context class loaders; equal probes are
     * ordered by class name).
     *
     * @throws UpgradeException {@link ErrorCode#SITE_NOT_RECOGNISED} when no adapter does
     */
    public static Site detect(Path root) {
        return detect(root, null);
    }

    /**
     * Like {@link #detect(Path)} for a multisite install: {@code siteName} is the folder below
     * {@code sites/} (null lets the adapter choose, and it refuses when the choice is ambiguous).
     */
    public static Site detect(Path root, @Nullable String siteName) {
        return detect(root, siteName, null);
    }

    /**
     * Like {@link #detect(Path, String)}, letting the adapter ask {@code php} (the same binary as
     * the plan option {@code php.binary}) what a settings file defines where reading it without
     * PHP can only say "depends on run time" or "computed".
     *
     * @param phpBinary the {@code php} CLI, or null
     */
    public static Site detect(Path root, @Nullable String siteName, @Nullable Path phpBinary) {
        Objects.requireNonNull(root, "root");
        if (!Files.isDirectory(root)) {
            throw new UpgradeException(ErrorCode.SITE_NOT_RECOGNISED, "Site root " + root + " is not a directory.");
        }
        Plugins plugins = Plugins.installed();
        Optional<CmsAdapter> adapter = plugins.adapter(root);
        if (adapter.isEmpty()) {
            List<String> names = plugins.all(CmsAdapter.class).stream().map(CmsAdapter::name).toList();
            throw new UpgradeException(ErrorCode.SITE_NOT_RECOGNISED, "No CMS adapter recognises " + root
                    + " (adapters tried: " + (names.isEmpty() ? "none installed" : String.join(", ", names)) + ").");
        }
        return adapter.get().open(root, Optional.ofNullable(siteName), Optional.ofNullable(phpBinary));
    }

    /** Starts assembling a site by hand (adapters and tests). */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** A builder holding every value of this site, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder(root);
        b.cmsName = cmsName;
        b.cmsVersion = cmsVersion;
        b.siteName = siteName;
        b.siteDir = siteDir;
        b.civicrmCodeDir = civicrmCodeDir;
        b.civicrmSettingsFile = civicrmSettingsFile;
        b.cmsDatabase = cmsDatabase;
        b.civicrmDatabase = civicrmDatabase;
        b.civicrmLoggingDatabase = civicrmLoggingDatabase;
        b.workDir = workDir;
        b.adapter = adapter;
        b.attributes.putAll(attributes);
        return b;
    }

    /** This site with another work directory (journals, lock, backups). */
    public Site withWorkDir(Path dir) {
        return toBuilder().workDir(dir).build();
    }

    static Path defaultWorkDir(Path root, String siteName) {
        String base = System.getProperty(WORK_BASE_PROPERTY);
        Path baseDir = base != null ? Path.of(base) : Path.of(System.getProperty("user.home"), ".civi-upgrade", "sites");
        String hash = Hashing.sha256().hashString(root + "#" + siteName, StandardCharsets.UTF_8).toString().substring(0, 12);
        String leaf = (root.getFileName() == null ? "root" : root.getFileName().toString()) + "-" + siteName + "-" + hash;
        return baseDir.resolve(leaf.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    /** The CMS root (Drupal's folder with index.php). */
    public Path root() {
        return root;
    }

    /** Name of the CMS, e.g. {@code Drupal}. */
    public String cmsName() {
        return cmsName;
    }

    /** Version of the CMS, e.g. {@code 7.105}; empty when unknown. */
    public String cmsVersion() {
        return cmsVersion;
    }

    /** The multisite name, e.g. {@code default}. */
    public String siteName() {
        return siteName;
    }

    /** The site's own folder, e.g. {@code sites/default}. */
    public Path siteDir() {
        return siteDir;
    }

    /** The CiviCRM code folder ({@code .../modules/civicrm}). */
    public Path civicrmCodeDir() {
        return civicrmCodeDir;
    }

    /** {@code civicrm.settings.php}. */
    public Path civicrmSettingsFile() {
        return civicrmSettingsFile;
    }

    /** The CMS database. */
    public DatabaseCoordinates cmsDatabase() {
        return cmsDatabase;
    }

    /** The CiviCRM database (often the same schema as the CMS's). */
    public DatabaseCoordinates civicrmDatabase() {
        return civicrmDatabase;
    }

    /**
     * The database {@code CIVICRM_LOGGING_DSN} names when it differs from {@link #civicrmDatabase()}
     * (CiviCRM's detailed logging tables, {@code log_civicrm_*}); empty when logging shares it.
     */
    public Optional<DatabaseCoordinates> civicrmLoggingDatabase() {
        return Optional.ofNullable(civicrmLoggingDatabase);
    }

    /** Where this site's lock, journals and default backups live. */
    public Path workDir() {
        return workDir;
    }

    /** The adapter that detected the site, when it was detected. */
    public Optional<CmsAdapter> adapter() {
        return Optional.ofNullable(adapter);
    }

    /** Adapter-specific facts (e.g. {@code drupal.filesDir}); never secrets. */
    public Optional<String> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    /** Every adapter-specific fact. */
    public Map<String, String> attributes() {
        return attributes;
    }

    @Override
    public String toString() {
        return "Site[" + cmsName + (cmsVersion.isEmpty() ? "" : " " + cmsVersion) + " at " + root + ", site " + siteName
                + ", CiviCRM code " + civicrmCodeDir + ", db " + civicrmDatabase + "]";
    }

    /** Assembles a {@link Site}. */
    public static final class Builder {
        private final Path root;
        private String cmsName;
        private String cmsVersion;
        private String siteName;
        private Path siteDir;
        private Path civicrmCodeDir;
        private Path civicrmSettingsFile;
        private DatabaseCoordinates cmsDatabase;
        private DatabaseCoordinates civicrmDatabase;
        private DatabaseCoordinates civicrmLoggingDatabase;
        private Path workDir;
        private CmsAdapter adapter;
        private final java.util.HashMap<String, String> attributes = new java.util.HashMap<>();

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        /**
         * Required: the CMS and its version, as an adapter reports them.
         *
         * @param name    the CMS name, e.g. {@code drupal7}; must not be null by {@link #build()}
         * @param version the CMS core version, e.g. {@code 7.101}; null is read as unknown ({@code ""})
         * @return this builder
         */
        public Builder cms(String name, @Nullable String version) {
            this.cmsName = name;
            this.cmsVersion = version;
            return this;
        }

        /**
         * Optional: the site's folder name below {@code sites/}. Default {@code default}.
         *
         * @param name the folder name of a multisite site; null restores the default
         * @return this builder
         */
        public Builder siteName(@Nullable String name) {
            this.siteName = name;
            return this;
        }

        /**
         * Optional: the site folder holding {@code settings.php}. Default {@code <root>/sites/<siteName>}.
         *
         * @param dir the folder, absolute or relative to the root; null restores the default
         * @return this builder
         */
        public Builder siteDir(@Nullable Path dir) {
            this.siteDir = dir;
            return this;
        }

        /**
         * Required: the CiviCRM code folder (the one holding {@code CRM/} and {@code civicrm-version.php}),
         * which a code swap replaces.
         *
         * @param dir the folder, absolute or relative to the root; must not be null by {@link #build()}
         * @return this builder
         */
        public Builder civicrmCodeDir(Path dir) {
            this.civicrmCodeDir = dir;
            return this;
        }

        /**
         * Optional: the {@code civicrm.settings.php} file. Default {@code <siteDir>/civicrm.settings.php}.
         *
         * @param file the file, absolute or relative to the root; null restores the default
         * @return this builder
         */
        public Builder civicrmSettingsFile(@Nullable Path file) {
            this.civicrmSettingsFile = file;
            return this;
        }

        /**
         * Required: the CMS (Drupal) database, with its table prefix.
         *
         * @param db the coordinates; must not be null by {@link #build()}
         * @return this builder
         */
        public Builder cmsDatabase(DatabaseCoordinates db) {
            this.cmsDatabase = db;
            return this;
        }

        /**
         * Optional: the CiviCRM database ({@code CIVICRM_DSN}). Default: the CMS database without a
         * table prefix, as on a site that keeps both in one schema.
         *
         * @param db the coordinates; null restores the default
         * @return this builder
         */
        public Builder civicrmDatabase(@Nullable DatabaseCoordinates db) {
            this.civicrmDatabase = db;
            return this;
        }

        /**
         * Optional: the separate logging database ({@code CIVICRM_LOGGING_DSN}). Default none.
         *
         * @param db the coordinates, or null when logging shares CiviCRM's database
         * @return this builder
         */
        public Builder civicrmLoggingDatabase(@Nullable DatabaseCoordinates db) {
            this.civicrmLoggingDatabase = db;
            return this;
        }

        /**
         * Optional: the work directory for the lock, journals and default backups. Default
         * {@code ~/.civi-upgrade/sites/<site>-<hash>} (below the folder named by {@link #WORK_BASE_PROPERTY}
         * when that system property is set).
         *
         * @param dir the folder, absolute or relative to the root; null restores the default
         * @return this builder
         */
        public Builder workDir(@Nullable Path dir) {
            this.workDir = dir;
            return this;
        }

        /**
         * Optional: the adapter that drives the site. Default none: a site without an adapter can be
         * described and backed up but not planned, since the CMS steps come from its adapter.
         *
         * @param cmsAdapter the adapter; null for none
         * @return this builder
         */
        public Builder adapter(@Nullable CmsAdapter cmsAdapter) {
            this.adapter = cmsAdapter;
            return this;
        }

        /**
         * Optional: an adapter-specific fact about the site (e.g. {@code drupal.filesDir}); replaces an
         * earlier value of the same key. Default none.
         *
         * @param key   the attribute name, prefixed with the CMS name by convention
         * @param value the value
         * @return this builder
         * @throws NullPointerException when key or value is null
         */
        public Builder attribute(String key, String value) {
            attributes.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        /**
         * Makes the immutable site. Paths are made absolute against the root and normalised; defaults
         * are applied to every optional field left unset.
         *
         * @return the site
         * @throws NullPointerException naming the field when {@link #cms}, {@link #civicrmCodeDir} or
         *                              {@link #cmsDatabase} was not set
         */
        public Site build() {
            return new Site(this);
        }
    }
}
