package org.civiupgrade.settings;

import org.civiupgrade.php.PhpValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;

/**
 * What PHP itself defines when it runs a {@code civicrm.settings.php} in a child process, under
 * the same request assumptions as the static reader: {@code DRUPAL_ROOT} defined as the site root
 * (the folder holding {@code sites/}, as Drupal's index.php does) when the file lies in
 * {@code ROOT/sites/SITE/}, an empty environment (so no
 * {@code CIVICRM_UF} variable and every {@code getenv()} false), no {@code $GLOBALS['_CV']}, no
 * constant defined before, the class-loader lines served by a stub {@code CRM/Core/ClassLoader.php}
 * found first on the include path (the working folder, {@code '.'}), output buffered and
 * discarded. The file's constants ({@code get_defined_constants(TRUE)['user']}) and the globals
 * {@code $civicrm_root}, {@code $civicrm_setting}, {@code $civicrm_paths} come back as JSON.
 * Values may be secrets: {@link #toString()} never shows them and messages never quote PHP's output.
 *
 * @param constants   every constant the file defined, in definition order
 * @param civicrmRoot {@code $civicrm_root} when set to a string
 * @param settings    {@code $civicrm_setting} entries by group then name
 * @param paths       {@code $civicrm_paths} entries by name then key
 * @param printed     true when the file printed something (which a settings file must not)
 */
public record PhpSettings(Map<String, PhpValue> constants, Optional<String> civicrmRoot,
                          Map<String, Map<String, PhpValue>> settings, Map<String, Map<String, PhpValue>> paths, boolean printed) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STUB = "<?php\nclass CRM_Core_ClassLoader {\n"
            + "  public static function singleton() { return new CRM_Core_ClassLoader(); }\n"
            + "  public function register() { }\n}\n";
    private static final String HARNESS = "<?php\nerror_reporting(E_ALL & ~E_DEPRECATED & ~E_WARNING);\n"
            + "ini_set('display_errors', 'stderr');\nif (isset($argv[2])) { define('DRUPAL_ROOT', $argv[2]); }\n"
            + "ob_start();\ninclude $argv[1];\n$__printed = ob_get_clean() !== '';\n"
            + "$__c = get_defined_constants(TRUE);\nif (isset($argv[2])) { unset($__c['user']['DRUPAL_ROOT']); }\n"
            + "function __civi_upgrade_bytes($v) {\n"
            + "  if (is_string($v)) { return preg_match('//u', $v) ? $v : array(\"\\0bytes\" => bin2hex($v)); }\n"
            + "  if (is_array($v)) { foreach ($v as $k => $x) { $v[$k] = __civi_upgrade_bytes($x); } }\n"
            + "  return $v;\n}\n"
            + "echo json_encode(array('constants' => isset($__c['user']) ? __civi_upgrade_bytes($__c['user']) : (object) array(),\n"
            + "  'root' => isset($civicrm_root) ? $civicrm_root : NULL,\n"
            + "  'setting' => isset($civicrm_setting) ? __civi_upgrade_bytes($civicrm_setting) : (object) array(),\n"
            + "  'paths' => isset($civicrm_paths) ? __civi_upgrade_bytes($civicrm_paths) : (object) array(),\n"
            + "  'printed' => $__printed), JSON_INVALID_UTF8_SUBSTITUTE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION);\n";

    public PhpSettings {
        constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        paths = Collections.unmodifiableMap(new LinkedHashMap<>(paths));
    }

    /**
     * Runs the settings file with PHP and reads back what it defined.
     *
     * @param phpBinary    the {@code php} CLI (the plan option {@code php.binary})
     * @param settingsFile the {@code civicrm.settings.php} to evaluate
     * @param timeout      how long PHP may run
     * @throws UpgradeException {@link ErrorCode#PROCESS_FAILED} when PHP cannot run the file or
     *                          times out, {@link ErrorCode#INTERRUPTED} when interrupted
     */
    public static PhpSettings evaluate(Path phpBinary, Path settingsFile, Duration timeout) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("civi-settings-php");
            Files.createDirectories(dir.resolve("CRM/Core"));
            Files.writeString(dir.resolve("CRM/Core/ClassLoader.php"), STUB);
            Path harness = Files.writeString(dir.resolve("harness.php"), HARNESS);
            Path out = dir.resolve("out.json");
            Path err = dir.resolve("err.txt");
            List<String> cmd = new java.util.ArrayList<>(List.of(phpBinary.toString(), "-d", "include_path=.", harness.toString(),
                    settingsFile.toAbsolutePath().toString()));
            SettingsFile.drupalRoot(settingsFile).ifPresent(root -> cmd.add(realOrAbsolute(root)));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().clear();
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new UpgradeException(ErrorCode.PROCESS_FAILED, phpBinary + " did not finish evaluating " + settingsFile
                        + " within " + timeout.toSeconds() + " s.", "Run " + phpBinary + " -l " + settingsFile + " by hand.", null);
            }
            String said = redact(Files.readString(err, StandardCharsets.ISO_8859_1));
            byte[] json = Files.readAllBytes(out);
            if (p.exitValue() != 0) {
                throw new UpgradeException(ErrorCode.PROCESS_FAILED, phpBinary + " failed (exit " + p.exitValue()
                        + ") evaluating " + settingsFile + " as a web request would (DRUPAL_ROOT defined, no environment,"
                        + " class loader stubbed)" + (said.isEmpty() ? "." : "; PHP said: " + said),
                        "Run " + phpBinary + " -l " + settingsFile + " to check its syntax; a settings file must load without"
                                + " the rest of CiviCRM.", null);
            }
            JsonNode tree = null;
            try {
                tree = json.length == 0 ? null : JSON.readTree(json);
            } catch (IOException notJson) {
                tree = null;
            }
            if (tree == null || !tree.path("constants").isObject()) {
                throw new UpgradeException(ErrorCode.PROCESS_FAILED, phpBinary + " stopped before " + settingsFile
                        + " finished loading (exit " + p.exitValue() + (json.length == 0 ? ", no answer" : ", an answer that is not"
                        + " the evaluation's") + "): the file ends the request itself (exit, die) under the command line"
                        + (said.isEmpty() ? "." : "; PHP said: " + said),
                        "Make " + settingsFile + " load without exit/die when DRUPAL_ROOT is defined (it must lie in"
                                + " ROOT/sites/SITE/ for that), or define the CiviCRM database unconditionally in it"
                                + " so PHP is not needed.", null);
            }
            return fromJson(tree);
        } catch (IOException e) {
            throw new UpgradeException(ErrorCode.PROCESS_FAILED, "Cannot evaluate " + settingsFile + " with " + phpBinary
                    + ": " + e.getClass().getSimpleName() + ".", "Check the option php.binary.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpgradeException(ErrorCode.INTERRUPTED, "Interrupted while PHP evaluated " + settingsFile + ".", e);
        } finally {
            if (dir != null) {
                try {
                    org.civiupgrade.spi.support.DeletePath.deleteIfPresent(dir);
                } catch (IOException ignored) {
                    // a temporary folder; its files hold no secrets
                }
            }
        }
    }

    private static String realOrAbsolute(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize().toString();
        }
    }

    /**
     * PHP's message with whatever may be a secret hidden: quoted text and credentials in URLs.
     * At most 500 characters.
     */
    static String redact(String stderr) {
        String s = stderr.strip()
                .replaceAll("\"[^\"\\n]*\"", "\"...\"")
                .replaceAll("'[^'\\n]*'", "'...'")
                .replaceAll("://[^\\s/@]*@", "://...@")
                .replaceAll("\\s+", " ");
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }

    static PhpSettings fromJson(JsonNode n) {
        Map<String, PhpValue> constants = new LinkedHashMap<>();
        n.get("constants").fields().forEachRemaining(e -> constants.put(e.getKey(), value(e.getValue())));
        JsonNode root = n.get("root");
        return new PhpSettings(constants, root == null || !root.isTextual() ? Optional.empty() : Optional.of(root.asText()),
                entries(n.get("setting")), entries(n.get("paths")), n.path("printed").asBoolean());
    }

    private static Map<String, Map<String, PhpValue>> entries(JsonNode n) {
        Map<String, Map<String, PhpValue>> out = new LinkedHashMap<>();
        if (n == null || !n.isObject()) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> groups = n.fields();
        while (groups.hasNext()) {
            Map.Entry<String, JsonNode> g = groups.next();
            Map<String, PhpValue> m = new LinkedHashMap<>();
            if (g.getValue().isObject()) {
                g.getValue().fields().forEachRemaining(e -> m.put(e.getKey(), value(e.getValue())));
            } else if (g.getValue().isArray()) {
                for (int k = 0; k < g.getValue().size(); k++) {
                    m.put(Integer.toString(k), value(g.getValue().get(k)));
                }
            }
            out.put(g.getKey(), Collections.unmodifiableMap(m));
        }
        return out;
    }

    /** The key of the harness's JSON object for a string that is not valid UTF-8: a NUL, then "bytes"; its value is the hex bytes. */
    private static final String BYTES = "\u0000bytes";

    /** A JSON value as the PHP value it encodes (a string that is not UTF-8 comes as its hex bytes). */
    static PhpValue value(JsonNode n) {
        if (n.isTextual()) {
            return PhpValue.of(n.asText());
        } else if (n.isIntegralNumber()) {
            return new PhpValue.Int(n.asLong());
        } else if (n.isBoolean()) {
            return new PhpValue.Bool(n.asBoolean());
        } else if (n.isNumber()) {
            return new PhpValue.Float(n.asDouble());
        } else if (n.isNull()) {
            return new PhpValue.Null();
        }
        if (n.isObject() && n.size() == 1 && n.has(BYTES)) {
            return new PhpValue.Str(java.util.HexFormat.of().parseHex(n.get(BYTES).asText()));
        }
        LinkedHashMap<PhpValue, PhpValue> entries = new LinkedHashMap<>();
        if (n.isArray()) {
            for (int k = 0; k < n.size(); k++) {
                entries.put(new PhpValue.Int(k), value(n.get(k)));
            }
        } else {
            n.fields().forEachRemaining(e -> entries.put(PhpValue.Array.key(PhpValue.of(e.getKey())), value(e.getValue())));
        }
        return new PhpValue.Array(entries);
    }

    @Override
    public String toString() {
        return "PhpSettings[" + constants.size() + " constants: " + String.join(", ", constants.keySet()) + "]";
    }
}
