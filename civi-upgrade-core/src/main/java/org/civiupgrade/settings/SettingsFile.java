package org.civiupgrade.settings;

import org.civiupgrade.php.PhpValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.settings.Definition.Kind;
import org.civiupgrade.settings.Definition.State;
import org.civiupgrade.settings.internal.ParsedSettings;
import org.civiupgrade.settings.internal.SettingsParser;
import org.civiupgrade.php.internal.Token;

/**
 * A parsed {@code civicrm.settings.php}: its exact bytes and a model of every definition in it
 * (defines, {@code $civicrm_root}, {@code $civicrm_setting} and {@code $civicrm_paths} entries),
 * each with its source span and PHP value, active or commented. Immutable.
 *
 * <p>Parsing never fails and never loses a byte: the file is the concatenation of its tokens,
 * and what the parser does not understand is kept as written and listed in {@link #problems()}.
 * Edits ({@link SettingsEdit}, made by {@link SettingsEdits}) replace only the spans they change.
 * Values are evaluated like PHP does for the constant expressions settings files use (string
 * literals with their escapes, numbers, booleans, {@code null}, earlier constants such as
 * {@code CIVICRM_LOGGING_DSN = CIVICRM_DSN}, concatenation); anything else is reported as unknown.
 */
public final class SettingsFile {
    private final byte[] bytes;
    private final String text;
    private final ParsedSettings parsed;
    private final Map<String, PhpValue> request;

    private SettingsFile(byte[] bytes, Map<String, PhpValue> request) {
        this.bytes = bytes.clone();
        this.text = new String(bytes, StandardCharsets.ISO_8859_1);
        this.request = Map.copyOf(request);
        this.parsed = SettingsParser.parse(text, this.request);
        registerSecrets(parsed);
    }

    /**
     * Registers every secret the file defines (DSNs, CIVICRM_SITE_KEY, CIVICRM_CRED_KEYS,
     * CIVICRM_SIGN_KEYS, other keys, passwords and tokens), active or not, as soon as it is read, so
     * that nothing this process writes can show them, not even a refusal of a malformed value.
     */
    private static void registerSecrets(ParsedSettings parsed) {
        for (Definition d : parsed.definitions()) {
            String name = d.kind() == Definition.Kind.DEFINE ? d.name() : d.keys().isEmpty() ? "" : d.keys().get(d.keys().size() - 1);
            if (!Dsn.isSecretName(name) || d.value().isEmpty() || !(d.value().get() instanceof org.civiupgrade.php.PhpValue.Str str)) {
                continue;
            }
            String utf8 = str.text();
            String latin1 = new String(str.bytes(), StandardCharsets.ISO_8859_1);
            for (String v : java.util.List.of(utf8, latin1)) {
                String n = name.toUpperCase(java.util.Locale.ROOT);
                if (n.contains("DSN")) {
                    org.civiupgrade.internal.redact.Secrets.registerDsn(v);
                } else if (n.endsWith("_KEYS")) {
                    org.civiupgrade.internal.redact.Secrets.registerKeyList(v);
                } else {
                    org.civiupgrade.internal.redact.Secrets.registerKey(v);
                }
            }
        }
    }

    private SettingsFile(byte[] bytes) {
        this(bytes, Map.of());
    }

    /**
     * What a Drupal 7 web request has defined when it loads this settings file: {@code __FILE__}
     * and {@code __DIR__} (the file's real path and folder) and {@code DRUPAL_ROOT} (Drupal's
     * index.php defines it as the site root, the folder holding {@code sites/}) when the file lies
     * in {@code ROOT/sites/SITE/}; otherwise DRUPAL_ROOT is defined with a value only run time knows.
     */
    static Map<String, PhpValue> requestConstants(Path file) {
        Map<String, PhpValue> m = new LinkedHashMap<>();
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            real = file.toAbsolutePath().normalize();
        }
        m.put("__FILE__", PhpValue.Str.of(real.toString()));
        if (real.getParent() != null) {
            m.put("__DIR__", PhpValue.Str.of(real.getParent().toString()));
        }
        drupalRoot(real).ifPresent(root -> m.put("DRUPAL_ROOT", PhpValue.Str.of(root.toString())));
        return m;
    }

    /** The Drupal root of a settings file in {@code ROOT/sites/SITE/}, when it lies there. */
    public static Optional<Path> drupalRoot(Path settingsFile) {
        Path dir = settingsFile.toAbsolutePath().normalize().getParent();
        Path sites = dir == null ? null : dir.getParent();
        if (sites == null || sites.getFileName() == null || !sites.getFileName().toString().equals("sites") || sites.getParent() == null) {
            return Optional.empty();
        }
        return Optional.of(sites.getParent());
    }

    /**
     * Reads and parses a settings file.
     *
     * @throws UpgradeException {@link ErrorCode#FILE_ERROR} when the file cannot be read
     */
    public static SettingsFile read(Path file) {
        try {
            return new SettingsFile(Files.readAllBytes(file), requestConstants(file));
        } catch (IOException e) {
            throw new UpgradeException(ErrorCode.FILE_ERROR, "Cannot read the CiviCRM settings file " + file + ": "
                    + e.getClass().getSimpleName() + ".", "Check that " + file + " exists and is readable.", e);
        }
    }

    /** Parses a settings file's bytes; never fails. */
    public static SettingsFile parse(byte[] bytes) {
        return new SettingsFile(bytes);
    }

    /** The file's bytes, exactly as read (or as produced by an edit). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The file printed back from its tokens: always equal to {@link #bytes()}, which is what the
     * lossless round trip promises and what the tests check.
     */
    public byte[] print() {
        StringBuilder b = new StringBuilder(text.length());
        for (Token t : parsed.tokens()) {
            b.append(t.text());
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Every definition in file order: active, shadowed, conditional and commented. */
    public List<Definition> definitions() {
        return parsed.definitions();
    }

    /** The active define of a constant: the first one PHP executes unconditionally. */
    public Optional<Definition> activeDefine(String name) {
        return parsed.definitions().stream()
                .filter(d -> d.kind() == Kind.DEFINE && d.state() == State.ACTIVE && d.name().equals(name))
                .findFirst();
    }

    /**
     * The value of an active define as a PHP string (numbers as digits, {@code TRUE} as "1"),
     * with constant references resolved. Empty when the constant is not defined unconditionally,
     * when its value is {@code null}, or when it cannot be known without running PHP.
     */
    public Optional<String> define(String name) {
        return defineValue(name).filter(v -> !(v instanceof PhpValue.Null)).map(PhpValue::asPhpString);
    }

    /** The PHP value of an active define, when known. */
    public Optional<PhpValue> defineValue(String name) {
        return activeDefine(name).flatMap(Definition::value);
    }

    /** The value of the active {@code $civicrm_root} assignment (the last one), when known. */
    public Optional<String> civicrmRoot() {
        return active(Kind.ROOT, "civicrm_root", List.of()).flatMap(Definition::value)
                .filter(v -> !(v instanceof PhpValue.Null)).map(PhpValue::asPhpString);
    }

    /**
     * The CiviCRM database from {@code CIVICRM_DSN}.
     *
     * @throws UpgradeException {@link ErrorCode#SETTINGS_INVALID} when it is missing, depends on
     *                          run time or is computed; {@link ErrorCode#INVALID_INPUT} when malformed
     */
    public DatabaseCoordinates civicrmDsn() {
        return requireDatabase("CIVICRM_DSN", "civicrm.settings.php");
    }

    /** The database a DSN define names ({@code CIVICRM_DSN}, {@code CIVICRM_UF_DSN}, {@code CIVICRM_LOGGING_DSN}). */
    public Optional<DatabaseCoordinates> database(String defineName) {
        return define(defineName).filter(s -> !s.isEmpty()).map(DatabaseCoordinates::fromDsn);
    }

    /**
     * What the file defines for a constant for a normal web request, without running PHP (see
     * {@link ResolvedDefine} for the request assumptions).
     */
    public ResolvedDefine resolveDefine(String name) {
        ResolvedDefine r = resolveStatically(name);
        String perRequest = parsed.perRequest().get(name);
        if (perRequest != null && r.status() != ResolvedDefine.Status.KNOWN && r.status() != ResolvedDefine.Status.MISSING) {
            return new ResolvedDefine(name, ResolvedDefine.Status.DEPENDS_ON_RUN_TIME, Optional.empty(), r.definitions(), false,
                    perRequestNote(perRequest));
        }
        if ((r.status() == ResolvedDefine.Status.DEPENDS_ON_RUN_TIME || r.status() == ResolvedDefine.Status.COMPUTED)
                && !parsed.opaque().isEmpty() && r.note().isEmpty()) {
            r = new ResolvedDefine(name, r.status(), r.value(), r.definitions(), r.byPhp(),
                    "Before it, " + parsed.opaque() + ".");
        }
        if (r.status() != ResolvedDefine.Status.KNOWN) {
            String notUnderstood = notUnderstood();
            if (!notUnderstood.isEmpty()) {
                return new ResolvedDefine(name, r.status(), r.value(), r.definitions(), r.byPhp(),
                        (r.note() + " " + notUnderstood).trim());
            }
        }
        return r;
    }

    private static String perRequestNote(String reason) {
        return "It differs per request (" + reason + "): PHP's command line cannot settle it either.";
    }

    /** A sentence naming the statements the reader did not understand (the likely cause of a missing define), or "". */
    private String notUnderstood() {
        List<String> lines = new ArrayList<>();
        for (ParsedSettings.Problem p : parsed.problems()) {
            if (lines.size() < 10) {
                lines.add("line " + p.line() + ": " + p.message());
            }
        }
        return lines.isEmpty() ? "" : "The reader did not understand part of the file, which may be why: "
                + String.join("; ", lines) + (parsed.problems().size() > lines.size() ? "; ..." : "") + ".";
    }

    private ResolvedDefine resolveStatically(String name) {
        List<Definition> conditional = new ArrayList<>();
        List<Definition> other = new ArrayList<>();
        for (Definition d : parsed.definitions()) {
            if (d.kind() != Kind.DEFINE || !d.name().equals(name)) {
                continue;
            }
            if (d.state() == State.ACTIVE) {
                return new ResolvedDefine(name, d.value().isPresent() ? ResolvedDefine.Status.KNOWN : ResolvedDefine.Status.COMPUTED,
                        d.value(), List.of(d), false);
            }
            if (d.state() == State.CONDITIONAL) {
                conditional.add(d);
            } else if (d.state() != State.SHADOWED) {
                other.add(d);
            }
        }
        if (!conditional.isEmpty()) {
            return new ResolvedDefine(name, ResolvedDefine.Status.DEPENDS_ON_RUN_TIME, Optional.empty(), conditional, false);
        }
        if (!parsed.opaque().isEmpty()) {
            return new ResolvedDefine(name, ResolvedDefine.Status.DEPENDS_ON_RUN_TIME, Optional.empty(), other, false,
                    "It may be defined there: " + parsed.opaque() + ".");
        }
        return new ResolvedDefine(name, ResolvedDefine.Status.MISSING, Optional.empty(), other, false);
    }

    /**
     * Like {@link #resolveDefine(String)}, asking PHP's evaluation of the file when the static
     * answer depends on run time or is computed.
     */
    public ResolvedDefine resolveDefine(String name, Optional<PhpSettings> php) {
        ResolvedDefine r = resolveDefine(name);
        if (php.isEmpty() || r.status() == ResolvedDefine.Status.KNOWN || r.status() == ResolvedDefine.Status.MISSING
                || parsed.perRequest().containsKey(name)) {
            return r; // what differs per request, PHP's command line cannot settle
        }
        Optional<PhpValue> v = Optional.ofNullable(php.get().constants().get(name));
        return v.isPresent() ? new ResolvedDefine(name, ResolvedDefine.Status.KNOWN, v, r.definitions(), true)
                : new ResolvedDefine(name, ResolvedDefine.Status.MISSING, Optional.empty(), r.definitions(), true);
    }

    /**
     * The database a DSN define names, or a refusal naming the file, the line and the fix: never
     * a guess. Messages name lines, never values.
     *
     * @param name     the define ({@code CIVICRM_DSN}, ...)
     * @param fileName how to name the file in messages
     * @throws UpgradeException {@link ErrorCode#SETTINGS_INVALID} when the define is missing,
     *                          depends on run time, is computed, is not a string or is empty;
     *                          {@link ErrorCode#INVALID_INPUT} when it is not a valid DSN
     */
    public DatabaseCoordinates requireDatabase(String name, String fileName) {
        return requireDatabase(resolveDefine(name), fileName);
    }

    /** {@link #requireDatabase(String, String)} from a resolution (e.g. one PHP helped make). */
    public static DatabaseCoordinates requireDatabase(ResolvedDefine r, String fileName) {
        String name = r.name();
        String example = "define('" + name + "', 'mysql://user:password@host/database?new_link=true');";
        switch (r.status()) {
            case MISSING -> throw new UpgradeException(ErrorCode.SETTINGS_INVALID, fileName + ": " + r.explanation(),
                    "Define " + name + " in " + fileName + " as a string, e.g. " + example, null);
            case DEPENDS_ON_RUN_TIME -> throw new UpgradeException(ErrorCode.SETTINGS_INVALID, fileName + ": " + r.explanation()
                    + " Which database CiviCRM uses cannot be known without guessing.",
                    "Make the define" + (r.line() > 0 ? " at line " + r.line() : "") + " of " + fileName
                            + " unconditional (or guarded only by"
                            + " if (!defined('" + name + "'))) with the database the site really uses, e.g. " + example
                            + (r.note().startsWith("It differs per request") ? " (one file per site, or the same value for"
                            + " every request)." : " Or let PHP evaluate the file: give the php CLI (the civi-upgrade"
                            + " command's --php PROGRAM; in Java Site.detect(root, site, php))."), null);
            case COMPUTED -> throw new UpgradeException(ErrorCode.SETTINGS_INVALID, fileName + ": " + r.explanation(),
                    "Write " + name + " at line " + r.line() + " of " + fileName + " as a literal string, e.g. " + example
                            + " Or let PHP evaluate the file: give the php CLI (the civi-upgrade command's --php PROGRAM;"
                            + " in Java Site.detect(root, site, php)).", null);
            default -> {
            }
        }
        PhpValue v = r.value().orElseThrow();
        String where = fileName + (r.line() > 0 ? " line " + r.line() : "");
        if (!(v instanceof PhpValue.Str s) || s.text().isEmpty()) {
            throw new UpgradeException(ErrorCode.SETTINGS_INVALID, where + ": " + name + " is "
                    + (v instanceof PhpValue.Str ? "empty" : "not a string") + ".",
                    "Set " + name + " to the database's DSN, e.g. " + example, null);
        }
        try {
            return DatabaseCoordinates.fromDsn(s.text());
        } catch (UpgradeException e) {
            String inner = e.remedy() == null ? "" : e.remedy().trim();
            // the DSN parser's remedies already show the form a DSN takes: the example is added only when one does not
            throw new UpgradeException(e.code(), where + ": " + name + " is not a valid DSN: " + e.getMessage(),
                    inner.contains("mysql://") ? inner
                            : (inner.isEmpty() ? "" : inner + " ") + "Write it as mysql://user:password@host/database?new_link=true.", null);
        }
    }

    /** The active entry of an array variable ({@code $civicrm_setting}, {@code $civicrm_paths}) or {@code $civicrm_root}. */
    Optional<Definition> active(Kind kind, String var, List<String> keys) {
        Definition found = null;
        for (Definition d : parsed.definitions()) {
            if (d.kind() == kind && d.state() == State.ACTIVE && d.name().equals(var) && d.keys().equals(keys)) {
                found = d;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The active {@code $civicrm_setting[group][name]} entry. */
    public Optional<Definition> settingDefinition(String group, String name) {
        return active(Kind.SETTING, "civicrm_setting", List.of(group, name));
    }

    /** The value of {@code $civicrm_setting[group][name]}, when set unconditionally and known. */
    public Optional<PhpValue> setting(String group, String name) {
        return settingDefinition(group, name).flatMap(Definition::value);
    }

    /** The value of {@code $civicrm_paths[name][key]} (e.g. {@code civicrm.files}, {@code path}), when set unconditionally and known. */
    public Optional<PhpValue> path(String name, String key) {
        return active(Kind.PATH, "civicrm_paths", List.of(name, key)).flatMap(Definition::value);
    }

    /** Every active {@code $civicrm_paths} entry with a known value, by name then key, in file order. */
    public Map<String, Map<String, PhpValue>> paths() {
        return entries(Kind.PATH);
    }

    /** Every active {@code $civicrm_setting} entry with a known value, by group then name, in file order. */
    public Map<String, Map<String, PhpValue>> settings() {
        return entries(Kind.SETTING);
    }

    private Map<String, Map<String, PhpValue>> entries(Kind kind) {
        Map<String, Map<String, PhpValue>> out = new LinkedHashMap<>();
        for (Definition d : parsed.definitions()) {
            if (d.kind() == kind && d.state() == State.ACTIVE && d.value().isPresent()) {
                out.computeIfAbsent(d.keys().get(0), k -> new LinkedHashMap<>()).put(d.keys().get(1), d.value().get());
            }
        }
        out.replaceAll((k, v) -> Collections.unmodifiableMap(v));
        return Collections.unmodifiableMap(out);
    }

    /** Every active define with a known value, in file order. */
    public Map<String, PhpValue> defines() {
        Map<String, PhpValue> out = new LinkedHashMap<>();
        for (Definition d : parsed.definitions()) {
            if (d.kind() == Kind.DEFINE && d.state() == State.ACTIVE && d.value().isPresent()) {
                out.put(d.name(), d.value().get());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Spans kept verbatim that the parser does not understand. */
    public List<SettingsProblem> problems() {
        List<SettingsProblem> out = new ArrayList<>();
        for (ParsedSettings.Problem p : parsed.problems()) {
            out.add(new SettingsProblem(new SourceSpan(p.start(), p.end(), p.line()), p.message()));
        }
        return out;
    }

    /** True when the file registers CiviCRM's class loader (4.2+ files end with it). */
    public boolean registersClassLoader() {
        boolean require = false;
        for (ParsedSettings.Statement s : parsed.statements()) {
            if (s.type() == ParsedSettings.Type.REQUIRE && s.text().contains("CRM/Core/ClassLoader.php")) {
                require = true;
            }
            if (s.type() == ParsedSettings.Type.CLASS_LOADER_REGISTER && require) {
                return true;
            }
        }
        return false;
    }

    /** The file's line separator: {@code \r\n} when most lines end so, else {@code \n}. */
    public String lineSeparator() {
        int lf = 0;
        int crlf = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (i > 0 && text.charAt(i - 1) == '\r') {
                    crlf++;
                } else {
                    lf++;
                }
            }
        }
        return crlf > lf ? "\r\n" : "\n";
    }

    /**
     * Replaces {@code target}'s bytes with this file's, atomically (temporary file, fsync, rename),
     * keeping the target's owner and mode. Save the previous bytes first when the change must be
     * undoable ({@code RestoreFileContent.save}).
     *
     * @throws UpgradeException {@link ErrorCode#FILE_ERROR} when it cannot be written
     */
    public void writeTo(Path target) {
        try {
            org.civiupgrade.spi.support.SafeFiles.writeAtomically(target, bytes, null);
        } catch (IOException e) {
            throw new UpgradeException(ErrorCode.FILE_ERROR, "Cannot write the CiviCRM settings file " + target + ": "
                    + e.getClass().getSimpleName() + ".", "Check that the folder of " + target + " is writable.", e);
        }
    }

    /** Applies an edit made for this file and parses the result. */
    public SettingsFile apply(SettingsEdit edit) {
        return new SettingsFile(edit.applyTo(this), request);
    }

    /** Applies edits in order, each made for the result of the previous one. */
    public SettingsFile applyAll(List<SettingsEdit> edits) {
        SettingsFile f = this;
        for (SettingsEdit e : edits) {
            f = f.apply(e);
        }
        return f;
    }

    String text() {
        return text;
    }

    ParsedSettings parsed() {
        return parsed;
    }

    @Override
    public String toString() {
        return "SettingsFile[" + bytes.length + " bytes, " + parsed.definitions().size() + " definitions, "
                + parsed.problems().size() + " problems]";
    }
}
