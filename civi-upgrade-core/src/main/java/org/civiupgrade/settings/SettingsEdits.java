package org.civiupgrade.settings;

import org.civiupgrade.php.PhpValue;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.settings.Definition.Kind;
import org.civiupgrade.settings.Definition.State;
import org.civiupgrade.settings.SettingsEdit.Replacement;
import org.civiupgrade.settings.internal.ParsedSettings;
import org.civiupgrade.settings.internal.ParsedSettings.Statement;
import org.civiupgrade.settings.internal.ParsedSettings.Type;
import org.civiupgrade.php.internal.Token;

/**
 * Makes {@link SettingsEdit}s for a {@link SettingsFile}, each in the file's own style: wrapped
 * in {@code if (!defined(...))} or not, its spacing inside {@code define( ... )}, its quotes, its
 * indentation and its line separator. An edit is made for one file; apply it with
 * {@link SettingsFile#apply(SettingsEdit)}. Methods return empty when the file already says what
 * was asked.
 */
public final class SettingsEdits {
    /** The two lines CiviCRM 4.2.beta2 and later need at the end of the file. */
    public static final String CLASS_LOADER_LINES =
            "require_once 'CRM/Core/ClassLoader.php';\nCRM_Core_ClassLoader::singleton()->register();";
    private static final Pattern DOTTED = Pattern.compile("([^.]+)\\.(.+)");
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private SettingsEdits() {
    }

    /**
     * Sets a constant: replaces the value of its active define (keeping the quote style), or adds a
     * define after the last top-level define (wrapped when the file wraps its defines).
     */
    public static Optional<SettingsEdit> setDefine(SettingsFile file, String name, PhpValue value) {
        return setDefine(file, name, value, null, "set " + name + " to " + shown(name, value));
    }

    static Optional<SettingsEdit> setDefine(SettingsFile file, String name, PhpValue value, String after, String description) {
        Optional<Definition> existing = file.activeDefine(name);
        if (existing.isPresent()) {
            Definition d = existing.get();
            if (d.value().equals(Optional.of(value))) {
                return Optional.empty();
            }
            return Optional.of(replaceValue(file, d, value, description));
        }
        Statement anchor = null;
        if (after != null) {
            anchor = topLevelDefine(file, after).orElse(null);
        }
        if (anchor == null) {
            anchor = lastTopLevelDefine(file).orElseThrow(() -> new UpgradeException(ErrorCode.SETTINGS_INVALID,
                    "civicrm.settings.php has no define() to place " + name + " after.",
                    "Check that the file is a CiviCRM settings file.", null));
        }
        return Optional.of(insertAfter(file, anchor, defineText(file, name, literal(file, value, '\'')), description));
    }

    /** Sets {@code $civicrm_root}, keeping its quote style. */
    public static Optional<SettingsEdit> setCivicrmRoot(SettingsFile file, String path) {
        Definition d = file.active(Kind.ROOT, "civicrm_root", List.of()).orElseThrow(() -> new UpgradeException(
                ErrorCode.SETTINGS_INVALID, "civicrm.settings.php does not set $civicrm_root.",
                "Add $civicrm_root = '/path/to/sites/all/modules/civicrm/'; to the file.", null));
        PhpValue v = PhpValue.of(path);
        if (d.value().equals(Optional.of(v))) {
            return Optional.empty();
        }
        return Optional.of(replaceValue(file, d, v, "set $civicrm_root to " + path));
    }

    /**
     * Sets {@code $civicrm_setting[group][name]}: replaces the active entry's value, or adds the
     * entry (after the last entry, else after the last define) with a {@code global $civicrm_setting;}
     * before it unless the file already declares it earlier.
     */
    public static Optional<SettingsEdit> setSetting(SettingsFile file, String group, String name, PhpValue value) {
        String description = "set $civicrm_setting['" + group + "']['" + name + "'] to " + shown(name, value);
        Optional<Definition> existing = file.settingDefinition(group, name);
        if (existing.isPresent()) {
            if (existing.get().value().equals(Optional.of(value))) {
                return Optional.empty();
            }
            return Optional.of(replaceValue(file, existing.get(), value, description));
        }
        ParsedSettings p = file.parsed();
        Statement anchor = null;
        for (Definition d : file.definitions()) {
            if (d.kind() == Kind.SETTING && d.state() == State.ACTIVE) {
                anchor = statementAt(p, d.span().start()).orElse(anchor);
            }
        }
        if (anchor == null) {
            anchor = lastTopLevelDefine(file).orElseThrow(() -> new UpgradeException(ErrorCode.SETTINGS_INVALID,
                    "civicrm.settings.php has no define() to place the setting after.",
                    "Check that the file is a CiviCRM settings file.", null));
        }
        char q = quoteOfSettings(file);
        String entry = settingText(group, name, literal(file, value, q), q);
        if (!declaresGlobalBefore(p, "civicrm_setting", anchor.end())) {
            entry = "global $civicrm_setting;" + file.lineSeparator() + indentOf(file, anchor.start()) + entry;
        }
        return Optional.of(insertAfter(file, anchor, entry, description));
    }

    /**
     * Appends the class loader lines (preceded by a newline) when the file lacks them, as upgrading
     * through 4.2.beta2 requires; before a closing {@code ?>} when the file ends with one.
     */
    public static Optional<SettingsEdit> addClassLoader(SettingsFile file) {
        if (file.registersClassLoader()) {
            return Optional.empty();
        }
        String eol = file.lineSeparator();
        String lines = CLASS_LOADER_LINES.replace("\n", eol);
        String text = file.text();
        List<Token> tokens = file.parsed().tokens();
        int insertAt = text.length();
        int i = tokens.size() - 1;
        while (i >= 0 && (tokens.get(i).kind() == Token.Kind.WHITESPACE
                || (tokens.get(i).kind() == Token.Kind.INLINE_HTML && tokens.get(i).text().isBlank()))) {
            i--;
        }
        String insertion;
        if (i >= 0 && tokens.get(i).kind() == Token.Kind.CLOSE_TAG) {
            insertAt = tokens.get(i).start();
            boolean lineStart = insertAt == 0 || text.charAt(insertAt - 1) == '\n';
            insertion = (lineStart ? "" : eol) + eol + lines + eol;
        } else {
            boolean open = i >= 0 && tokens.get(i).kind() == Token.Kind.LINE_COMMENT;
            insertion = (open || !text.endsWith("\n") ? eol : "") + eol + lines + eol;
            if (i < 0 || (tokens.get(i).kind() == Token.Kind.INLINE_HTML && !containsOpenTag(tokens))) {
                insertion = "<?php" + eol + insertion;
            }
        }
        return Optional.of(new SettingsEdit("append the class loader lines (require_once 'CRM/Core/ClassLoader.php'; "
                + "CRM_Core_ClassLoader::singleton()->register();)",
                List.of(new Replacement(insertAt, insertAt, insertion)), text.length()));
    }

    private static boolean containsOpenTag(List<Token> tokens) {
        return tokens.stream().anyMatch(t -> t.kind() == Token.Kind.OPEN_TAG);
    }

    /** The active or shadowed top-level 4.1-style overrides, {@code define('Group.name', value)}. */
    public static List<Definition> dottedOverrides(SettingsFile file) {
        List<Definition> out = new ArrayList<>();
        for (Definition d : file.definitions()) {
            if (d.kind() == Kind.DEFINE && (d.state() == State.ACTIVE || d.state() == State.SHADOWED)
                    && DOTTED.matcher(d.name()).matches() && statementAt(file.parsed(), d.span().start()).isPresent()) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * Converts every 4.1-style {@code define('Group.name', value)} override into
     * {@code global $civicrm_setting;} plus {@code $civicrm_setting['Group']['name'] = value;} with
     * the value's PHP spelling kept, as CiviCRM 4.2/4.3 and later read them.
     */
    public static Optional<SettingsEdit> convertDottedOverrides(SettingsFile file) {
        List<Definition> overrides = dottedOverrides(file);
        if (overrides.isEmpty()) {
            return Optional.empty();
        }
        String eol = file.lineSeparator();
        List<Replacement> reps = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Definition d : overrides) {
            Matcher m = DOTTED.matcher(d.name());
            m.matches();
            String indent = indentOf(file, d.span().start());
            String text = "global $civicrm_setting;" + eol + indent
                    + settingText(m.group(1), m.group(2), d.valueSource(), '\'');
            reps.add(new Replacement(d.span().start(), d.span().end(), text));
            names.add(d.name());
        }
        return Optional.of(new SettingsEdit("convert the 4.1-style overrides " + String.join(", ", names)
                + " to $civicrm_setting entries", reps, file.text().length()));
    }

    /** Comments out the active define of a constant, each line prefixed with {@code // }, with a note above. */
    public static Optional<SettingsEdit> commentOutDefine(SettingsFile file, String name, String note) {
        Optional<Definition> d = file.activeDefine(name);
        if (d.isEmpty() || statementAt(file.parsed(), d.get().span().start()).isEmpty()) {
            return Optional.empty();
        }
        SourceSpan span = d.get().span();
        String original = file.text().substring(span.start(), span.end());
        if (original.contains("?>")) {
            return Optional.empty();
        }
        String eol = file.lineSeparator();
        String indent = indentOf(file, span.start());
        StringBuilder b = new StringBuilder("// ").append(note.replace("\n", " ").replace("?>", "? >")).append(eol).append(indent);
        String[] lines = original.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                b.append('\n');
            }
            b.append("// ").append(lines[i]);
        }
        return Optional.of(new SettingsEdit("comment out " + name + " (" + note + ")",
                List.of(new Replacement(span.start(), span.end(), b.toString())), file.text().length()));
    }

    /**
     * Adds a strong random {@code CIVICRM_SITE_KEY} when the file defines none for a web request,
     * or replaces the value of the effective define when it is {@code null} or empty. An existing
     * key is never changed: a plain, guarded, brace-less-guarded or nested-guarded define counts,
     * and so does one whose value or effect depends on run time (nothing is added then, since a
     * new define could take its place). The key never appears in the description.
     */
    public static Optional<SettingsEdit> addSiteKey(SettingsFile file, SecureRandom random) {
        ResolvedDefine r = file.resolveDefine("CIVICRM_SITE_KEY");
        switch (r.status()) {
            case COMPUTED, DEPENDS_ON_RUN_TIME -> {
                return Optional.empty();
            }
            case KNOWN -> {
                PhpValue v = r.value().orElseThrow();
                if (!(v instanceof PhpValue.Null) && !v.asPhpString().isEmpty()) {
                    return Optional.empty();
                }
            }
            default -> {
            }
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            key.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
        }
        String what = r.status() == ResolvedDefine.Status.KNOWN ? "replace the empty CIVICRM_SITE_KEY" : "add CIVICRM_SITE_KEY";
        return setDefine(file, "CIVICRM_SITE_KEY", PhpValue.of(key.toString()), "CIVICRM_UF_BASEURL",
                what + " with a new random 32-character key");
    }

    // ---- helpers

    private static String shown(String name, PhpValue value) {
        if (value instanceof PhpValue.Array a) {
            return "an array of " + a.entries().size() + " entries";
        }
        return value instanceof PhpValue.Str s ? "'" + Dsn.printable(name, s.text()) + "'" : value.literal();
    }

    private static SettingsEdit replaceValue(SettingsFile file, Definition d, PhpValue value, String description) {
        char quote = d.valueSource().startsWith("\"") ? '"' : '\'';
        return new SettingsEdit(description, List.of(new Replacement(d.valueSpan().start(), d.valueSpan().end(),
                literal(file, value, quote))), file.text().length());
    }

    private static String literal(SettingsFile file, PhpValue value, char quote) {
        if (value instanceof PhpValue.Str s) {
            return quote == '"' ? PhpValue.doubleQuoted(s.bytes()) : PhpValue.singleQuoted(s.bytes());
        }
        return value.literal();
    }

    private static Optional<Statement> statementAt(ParsedSettings p, int start) {
        return p.statements().stream().filter(s -> s.start() == start).findFirst();
    }

    private static Optional<Statement> topLevelDefine(SettingsFile file, String name) {
        return file.activeDefine(name).flatMap(d -> statementAt(file.parsed(), d.span().start()));
    }

    private static Optional<Statement> lastTopLevelDefine(SettingsFile file) {
        Statement last = null;
        for (Statement s : file.parsed().statements()) {
            if ((s.type() == Type.DEFINE || s.type() == Type.WRAPPED_DEFINE)
                    && !DOTTED.matcher(s.globals().get(0)).matches()) {
                last = s;
            }
        }
        return Optional.ofNullable(last);
    }

    private static boolean declaresGlobalBefore(ParsedSettings p, String var, int offset) {
        return p.statements().stream().anyMatch(s -> s.type() == Type.GLOBAL && s.end() <= offset && s.globals().contains(var));
    }

    /** A statement like the file's own defines: the newest plain-string define serves as the model. */
    private static String defineText(SettingsFile file, String name, String valueLiteral) {
        Definition model = null;
        for (Definition d : file.definitions()) {
            if (d.kind() == Kind.DEFINE && d.state() == State.ACTIVE && statementAt(file.parsed(), d.span().start()).isPresent()
                    && d.valueSource().matches("'[^'\\\\\\n]*'|\"[^\"\\\\$\\n]*\"") && !DOTTED.matcher(d.name()).matches()) {
                model = d;
            }
        }
        if (model == null) {
            return "define('" + escapeSingle(name) + "', " + valueLiteral + ");";
        }
        String text = file.text();
        String stmt = text.substring(model.span().start(), model.span().end());
        int vs = model.valueSpan().start() - model.span().start();
        int ve = model.valueSpan().end() - model.span().start();
        String before = stmt.substring(0, vs);
        String after = stmt.substring(ve);
        char q = before.contains("\"" + model.name() + "\"") ? '"' : '\'';
        String oldName = q + model.name() + q;
        String newName = q == '"' ? PhpValue.doubleQuoted(name) : "'" + escapeSingle(name) + "'";
        // drop alignment padding between the name and the comma (it only fit the model's name)
        before = before.replace(oldName, newName).replaceAll(Pattern.quote(newName) + "[ \\t]{2,},", Matcher.quoteReplacement(newName + ","));
        after = after.replace(oldName, newName).replaceFirst("^[ \\t]{2,}\\)", " )");
        return before + valueLiteral + after;
    }

    private static String escapeSingle(String s) {
        return PhpValue.singleQuoted(s).substring(1, PhpValue.singleQuoted(s).length() - 1);
    }

    private static char quoteOfSettings(SettingsFile file) {
        for (Definition d : file.definitions()) {
            if (d.kind() == Kind.SETTING && d.state() == State.ACTIVE) {
                char c = file.text().charAt(d.span().start() + "$civicrm_setting".length());
                int k = d.span().start() + "$civicrm_setting".length();
                while (k < d.span().end() && (file.text().charAt(k) == '[' || Character.isWhitespace(file.text().charAt(k)))) {
                    k++;
                }
                c = file.text().charAt(k);
                return c == '"' ? '"' : '\'';
            }
        }
        return '\'';
    }

    private static String settingText(String group, String name, String valueSource, char q) {
        String g = q == '"' ? PhpValue.doubleQuoted(group) : PhpValue.singleQuoted(group);
        String n = q == '"' ? PhpValue.doubleQuoted(name) : PhpValue.singleQuoted(name);
        return "$civicrm_setting[" + g + "][" + n + "] = " + valueSource + ";";
    }

    /** The whitespace before a statement on its line. */
    private static String indentOf(SettingsFile file, int offset) {
        String t = file.text();
        int k = offset;
        while (k > 0 && (t.charAt(k - 1) == ' ' || t.charAt(k - 1) == '\t')) {
            k--;
        }
        return (k == 0 || t.charAt(k - 1) == '\n') ? t.substring(k, offset) : "";
    }

    /** Inserts a new statement on its own line after the anchor statement's line. */
    private static SettingsEdit insertAfter(SettingsFile file, Statement anchor, String statement, String description) {
        String t = file.text();
        String eol = file.lineSeparator();
        String indent = indentOf(file, anchor.start());
        int at = anchor.end();
        int lineEnd = t.indexOf('\n', at);
        if (lineEnd >= 0) {
            int candidate = lineEnd > at && t.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
            if (onlyTriviaBetween(file, at, candidate)) {
                at = candidate;
            }
        }
        String text = eol + indent + statement.replace("\r\n", "\n").replace("\n", eol);
        return new SettingsEdit(description, List.of(new Replacement(at, at, text)), t.length());
    }

    /** True when [from, to) holds only spaces, tabs and complete line comments (a place a new line can start). */
    private static boolean onlyTriviaBetween(SettingsFile file, int from, int to) {
        for (Token tok : file.parsed().tokens()) {
            if (tok.end() <= from || tok.start() >= to) {
                continue;
            }
            if (tok.kind() == Token.Kind.WHITESPACE) {
                continue;
            }
            if (tok.kind() == Token.Kind.LINE_COMMENT && tok.end() <= to) {
                continue;
            }
            return false;
        }
        return true;
    }
}
