package org.civiupgrade;

import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civiupgrade.internal.release.ReleaseInspector;
import org.civiupgrade.internal.release.ReleaseInspector.Inspection;
import org.civiupgrade.internal.release.UpgradableFrom;
import org.civiupgrade.spi.support.IoProblems;
import org.jspecify.annotations.Nullable;

/**
 * A CiviCRM release to upgrade to: a {@code civicrm-X.Y.Z-drupal.tar.gz} (and optionally its
 * {@code civicrm-X.Y.Z-l10n.tar.gz}), checked when made: the archive is readable, holds a
 * single top folder {@code civicrm/}, no unsafe entry, and a code version in the file its era
 * uses ({@code xml/version.xml} from 5.0, {@code civicrm-version.php} from 3.4,
 * {@code civicrm-version.txt} before), and, when given, matches its sha256. Immutable.
 *
 * <pre>{@code
 * Release r = Release.tarball(Path.of("civicrm-5.14.0-drupal.tar.gz"), "9f86d0...");
 * r.checkUpgradeFrom(Release.installedVersion(site.civicrmCodeDir()), false);
 * }</pre>
 */
public final class Release {
    private static final Pattern NAMED_VERSION = Pattern.compile("civicrm-([0-9]+\\.[0-9][0-9A-Za-z.]*)-[A-Za-z0-9]+\\.(tar\\.gz|tgz)");

    private final Path tarball;
    private final Version version;
    private final String versionFile;
    private final long entries;
    private final long bytes;
    private final Path l10nTarball;
    private final long l10nEntries;
    private final long l10nBytes;
    private final ExtractionLimits limits;
    private final String minimumPhp;
    private final Facts facts;

    /** What the inspection of the main tarball found beside its version. */
    private record Facts(@Nullable Version declaredMinimum, boolean sha256Verified, List<String> writable, int writableCount) {
    }

    /**
     * The oldest database version a release upgrades directly, and where that figure comes from.
     *
     * @param version          the minimum upgradable version (e.g. 4.6.12)
     * @param declaredByRelease true when the release itself declares it ({@code MINIMUM_UPGRADABLE_VERSION}
     *                          in {@code CRM/Upgrade/Form.php}), false when it comes from {@link UpgradePaths}'s table
     * @param source           the source in words, for messages
     */
    public record MinimumUpgradable(Version version, boolean declaredByRelease, String source) {
    }

    private Release(Path tarball, Version version, String versionFile, long entries, long bytes, Path l10nTarball,
                    long l10nEntries, long l10nBytes, ExtractionLimits limits, String minimumPhp, Facts facts) {
        this.minimumPhp = minimumPhp;
        this.facts = facts;
        this.tarball = tarball;
        this.version = version;
        this.versionFile = versionFile;
        this.entries = entries;
        this.bytes = bytes;
        this.l10nTarball = l10nTarball;
        this.l10nEntries = l10nEntries;
        this.l10nBytes = l10nBytes;
        this.limits = limits;
    }

    /**
     * Reads and checks a release tarball.
     *
     * @throws UpgradeException {@link ErrorCode#RELEASE_INVALID} naming what is wrong with it
     */
    public static Release tarball(Path tarball) {
        return tarball(tarball, null, ExtractionLimits.DEFAULT);
    }

    /**
     * Reads and checks a release tarball whose sha256 (hex, as published next to the download)
     * must match.
     */
    public static Release tarball(Path tarball, @Nullable String sha256) {
        return tarball(tarball, sha256, ExtractionLimits.DEFAULT);
    }

    /** Reads and checks a release tarball with other extraction limits ({@code sha256} may be null). */
    public static Release tarball(Path tarball, @Nullable String sha256, ExtractionLimits limits) {
        Objects.requireNonNull(tarball, "tarball");
        Objects.requireNonNull(limits, "limits");
        Path p = tarball.toAbsolutePath().normalize();
        requireFile(p);
        if (sha256 != null) {
            checkSha256(p, sha256);
        }
        Inspection in = inspect(p, limits);
        List<String> problems = problems(p, in);
        Optional<Map.Entry<String, Version>> found = in.version();
        if (found.isEmpty()) {
            problems.add("it holds no readable code version (looked for civicrm/"
                    + String.join(", civicrm/", org.civiupgrade.internal.release.VersionFiles.FILES) + ")");
        } else if (found.get().getValue().isPartialUpgrade()) {
            problems.add("it declares the version '" + found.get().getValue() + "', which is not a release version");
        } else {
            Matcher named = NAMED_VERSION.matcher(p.getFileName().toString());
            if (named.matches()) {
                Optional<Version> inName = Version.tryParse(named.group(1));
                if (inName.isPresent() && !inName.get().equals(found.get().getValue())) {
                    problems.add("its file name says " + inName.get() + " but civicrm/" + found.get().getKey() + " inside says "
                            + found.get().getValue() + " (a renamed or mixed-up download)");
                }
            }
        }
        refuse(p, problems);
        Map.Entry<String, Version> v = found.orElseThrow();
        String php = org.civiupgrade.internal.release.PhpRequirement
                .minimumFrom(in.versionFiles().get(org.civiupgrade.internal.release.PhpRequirement.GENERAL_PHP)).orElse(null);
        Version declared = UpgradableFrom.parse(in.versionFiles().get(UpgradableFrom.FORM_PHP)).orElse(null);
        return new Release(p, v.getValue(), v.getKey(), in.entries(), in.bytes(), null, 0, 0, limits, php,
                new Facts(declared, sha256 != null, in.writable(), in.writableCount()));
    }

    /**
     * This release with its translations ({@code civicrm-X.Y.Z-l10n.tar.gz}, whose single top
     * folder is also {@code civicrm/}), unpacked into the same code folder.
     */
    public Release withL10n(Path l10n) {
        return withL10n(l10n, null);
    }

    /** {@link #withL10n(Path)} with a sha256 to match (may be null). */
    public Release withL10n(Path l10n, @Nullable String sha256) {
        Objects.requireNonNull(l10n, "l10n");
        Path p = l10n.toAbsolutePath().normalize();
        requireFile(p);
        if (sha256 != null) {
            checkSha256(p, sha256);
        }
        Inspection in = inspect(p, limits);
        refuse(p, problems(p, in));
        String name = p.getFileName().toString();
        if (name.matches("civicrm-.+-l10n\\.(tar\\.gz|tgz)") && !name.startsWith("civicrm-" + version + "-")) {
            throw new UpgradeException(ErrorCode.RELEASE_INVALID, "Translations " + name + " do not belong to release "
                    + version + ".", "Download civicrm-" + version + "-l10n.tar.gz to go with the release.", null);
        }
        return new Release(tarball, version, versionFile, entries, bytes, p, in.entries(), in.bytes(), limits, minimumPhp, facts);
    }

    /**
     * The code version of an installed code folder (e.g. {@code sites/all/modules/civicrm}), read
     * with the same rules as a tarball's.
     *
     * @throws UpgradeException {@link ErrorCode#SITE_INVALID} when the folder holds no version file
     */
    public static Version installedVersion(Path codeDir) {
        return readInstalledVersion(codeDir).orElseThrow(() -> new UpgradeException(ErrorCode.SITE_INVALID,
                "The CiviCRM code folder " + codeDir + " holds no readable version file (xml/version.xml, "
                        + "civicrm-version.php or civicrm-version.txt).",
                "Check that the folder is CiviCRM's code folder and that its version file is intact.", null));
    }

    /** The code version of an installed code folder, or empty when it holds no readable version file. */
    public static Optional<Version> readInstalledVersion(Path codeDir) {
        try {
            return ReleaseInspector.installedVersion(codeDir).map(Map.Entry::getValue);
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.FILE_ERROR, "Cannot read the version of " + codeDir, e);
        }
    }

    /**
     * Refuses a release that is not newer than the installed version.
     *
     * @param installed         the installed version (code or database)
     * @param allowSameOrOlder  true to allow re-installing the same version or going back
     * @throws UpgradeException {@link ErrorCode#NOT_AN_UPGRADE} when refused
     */
    public void checkUpgradeFrom(Version installed, boolean allowSameOrOlder) {
        Objects.requireNonNull(installed, "installed");
        if (allowSameOrOlder) {
            return;
        }
        int c = version.compareTo(installed.withoutUpgradeMarker());
        if (c == 0) {
            throw new UpgradeException(ErrorCode.NOT_AN_UPGRADE, "Release " + version + " is the version already installed.",
                    "Choose a newer release, or allow re-installing the same version explicitly.", null);
        }
        if (c < 0) {
            throw new UpgradeException(ErrorCode.NOT_AN_UPGRADE, "Release " + version + " is older than the installed "
                    + installed + ": that would be a downgrade, which CiviCRM does not support.",
                    "Choose a release newer than " + installed + "; to go back, restore the backup instead.", null);
        }
    }

    /** {@link #checkUpgradeFrom(Version, boolean)} refusing same and older versions. */
    public void checkUpgradeFrom(Version installed) {
        checkUpgradeFrom(installed, false);
    }

    /** The tarball. */
    public Path path() {
        return tarball;
    }

    /** The code version inside the tarball. */
    public Version version() {
        return version;
    }

    /**
     * The lowest PHP version this release installs on, as it declares it itself
     * ({@code MIN_INSTALL_PHP_VER} in {@code CRM/Upgrade/Incremental/General.php}); empty when the
     * release does not say.
     */
    public Optional<String> minimumPhpVersion() {
        return Optional.ofNullable(minimumPhp);
    }

    /**
     * The oldest database version this release upgrades directly: the release's own
     * {@code MINIMUM_UPGRADABLE_VERSION} ({@code CRM/Upgrade/Form.php}), else the figure of
     * {@link UpgradePaths}'s table for its version; empty when neither knows one.
     */
    public Optional<MinimumUpgradable> minimumUpgradable() {
        if (facts.declaredMinimum() != null) {
            return Optional.of(new MinimumUpgradable(facts.declaredMinimum(), true, "MINIMUM_UPGRADABLE_VERSION in civicrm/"
                    + UpgradableFrom.FORM_PHP + " of " + tarball.getFileName()));
        }
        return UpgradePaths.minimumFor(version).map(min -> new MinimumUpgradable(min, false, "civi-upgrade's table of CiviCRM's "
                + "documented upgrade paths (" + tarball.getFileName() + " declares no MINIMUM_UPGRADABLE_VERSION)"));
    }

    /** Whether the tarball's sha256 was given and matched when it was read. */
    public boolean sha256Verified() {
        return facts.sha256Verified();
    }

    /**
     * Entries of the tarball (at most {@value ReleaseInspector#LISTED}, with their archive mode) whose
     * mode grants group or other write; they are installed without those bits.
     */
    public List<String> groupOrWorldWritableEntries() {
        return facts.writable();
    }

    /** How many entries of the tarball grant group or other write ({@link #groupOrWorldWritableEntries()} lists the first). */
    public int groupOrWorldWritableCount() {
        return facts.writableCount();
    }

    /** The file the version came from, relative to {@code civicrm/} (e.g. {@code xml/version.xml}). */
    public String versionFile() {
        return versionFile;
    }

    /** Number of entries of the tarball (and its translations). */
    public long entries() {
        return entries + l10nEntries;
    }

    /** Uncompressed bytes of the tarball's files (and its translations'). */
    public long bytes() {
        return bytes + l10nBytes;
    }

    /** The translations tarball, if any. */
    public Optional<Path> l10n() {
        return Optional.ofNullable(l10nTarball);
    }

    /** The limits used to check and unpack the archives. */
    public ExtractionLimits limits() {
        return limits;
    }

    @Override
    public String toString() {
        return "Release[" + version + " from " + tarball.getFileName() + (l10nTarball == null ? "" : " + " + l10nTarball.getFileName()) + "]";
    }

    private static void requireFile(Path p) {
        if (Files.isDirectory(p)) {
            throw new UpgradeException(ErrorCode.RELEASE_INVALID, "Release archive " + p + " is a folder, not a file.",
                    "Give the path of the downloaded civicrm-X.Y.Z-drupal.tar.gz itself.", null);
        }
        if (!Files.isRegularFile(p)) {
            throw new UpgradeException(ErrorCode.RELEASE_INVALID, "Release archive " + p + " does not exist.",
                    "Give the path of the downloaded civicrm-X.Y.Z-drupal.tar.gz (a relative path is taken from the current "
                            + "directory).", null);
        }
    }

    private static Inspection inspect(Path p, ExtractionLimits limits) {
        try {
            return ReleaseInspector.inspect(p, limits);
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.RELEASE_INVALID, "Cannot read release archive " + p.getFileName(), e);
        }
    }

    /** Every breach the inspection found, and a wrong top folder. */
    private static List<String> problems(Path p, Inspection in) {
        List<String> problems = new ArrayList<>(in.problems());
        if (in.problemCount() > in.problems().size()) {
            problems.add((in.problemCount() - in.problems().size()) + " more unsafe entries");
        }
        if (!in.topLevel().equals(new java.util.TreeSet<>(java.util.Set.of("civicrm")))) {
            problems.add("it must hold the single top folder 'civicrm/', but holds " + (in.topLevel().isEmpty() ? "nothing"
                    : in.topLevel().stream().limit(10).map(s -> "'" + s + "'").toList()));
        }
        return problems;
    }

    private static void refuse(Path p, List<String> problems) {
        if (problems.size() == 1) {
            throw new UpgradeException(ErrorCode.RELEASE_INVALID, "Refusing release archive " + p.getFileName() + ": "
                    + problems.get(0) + ".");
        }
        if (!problems.isEmpty()) {
            throw new UpgradeException(ErrorCode.RELEASE_INVALID, "Refusing release archive " + p.getFileName() + ", which has "
                    + problems.size() + " problems:\n  - " + String.join(";\n  - ", problems) + ".");
        }
    }

    private static void checkSha256(Path p, String expected) {
        String want = expected.trim().toLowerCase(Locale.ROOT);
        if (!want.matches("[0-9a-f]{64}")) {
            throw new UpgradeException(ErrorCode.INVALID_INPUT, "'" + expected + "' is not a sha256 (64 hex digits).");
        }
        String got;
        try {
            got = MoreFiles.asByteSource(p).hash(Hashing.sha256()).toString();
        } catch (IOException e) {
            throw IoProblems.failure(ErrorCode.RELEASE_INVALID, "Cannot read release archive " + p.getFileName(), e);
        }
        if (!got.equals(want)) {
            throw new UpgradeException(ErrorCode.RELEASE_INVALID, "Release archive " + p.getFileName() + " has sha256 " + got
                    + ", not the expected " + want + ": the download is corrupt or not the published file.");
        }
    }
}
