package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.civiupgrade.Version;
import org.civiupgrade.settings.Definition;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.settings.SettingsOptions;
import org.civiupgrade.settings.SettingsUpgrade;
import org.civiupgrade.testkit.SettingsFiles.Era;
import org.civiupgrade.testkit.SettingsFiles.Generated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PHP itself checks the editor: every generated file of every era, before and after the edits
 * its upgrade needs, passes {@code php -l}, and PHP's own evaluation of the defines,
 * {@code $civicrm_root} and {@code $civicrm_setting} equals what the editor reports. Without
 * {@code php} on the PATH the test says loudly that the cross-check did not run, and fails when
 * {@code CIVI_UPGRADE_REQUIRE_PHP=true} (as CI sets it).
 */
class SettingsPhpCrossCheckTest {
    private static final int SEEDS_PER_ERA = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Optional<String> php = PhpCli.find().map(Path::toString);

    @TempDir
    Path tmp;

    @Test
    void phpAgreesWithTheEditorOnEveryEraBeforeAndAfterEditing() throws Exception {
        PhpCli.require("civicrm.settings.php edits");
        Path harness = harness();
        int checked = 0;
        for (Era era : Era.values()) {
            List<Generated> files = new ArrayList<>();
            files.add(SettingsFiles.generate(era));
            for (long seed = 1; seed <= SEEDS_PER_ERA; seed++) {
                files.add(SettingsFiles.generate(era, seed * 7919 + era.ordinal()));
            }
            for (Generated g : files) {
                SettingsFile original = SettingsFile.parse(g.bytes());
                Version from = era.version();
                Version to = from.isBefore(Version.parse("4.4.0")) ? Version.parse("4.4.5") : Version.parse("6.2.0");
                SettingsFile edited = SettingsUpgrade.plan(original, from, to, SettingsOptions.defaults()
                        .withAddSiteKey(true).withCommentOutIds(true)
                        .withMove("/srv/moved/civicrm/", null, "https://moved.example/"), new SecureRandom()).result();
                for (SettingsFile f : List.of(original, edited)) {
                    Path file = tmp.resolve("civicrm.settings.php");
                    Files.write(file, f.bytes());
                    lint(file, g);
                    compare(f, evaluate(harness, file, g), g);
                    checked++;
                }
                // the edit must change only what it says: other values stay as PHP read them before
                assertThat(edited.define("CIVICRM_DSN")).isEqualTo(original.define("CIVICRM_DSN"));
            }
        }
        System.out.println("PHP cross-check ran on " + checked + " settings files with " + php.get());
        assertThat(checked).isEqualTo(Era.values().length * (SEEDS_PER_ERA + 1) * 2);
    }

    @Test
    void crossCheckNoticesADisagreement() throws Exception {
        PhpCli.require("the cross-check harness");
        // a define PHP evaluates differently from its naive reading: the harness must see the difference
        byte[] bytes = "<?php\ndefine('A', 'x' . \"\\x41\");\n".getBytes(StandardCharsets.UTF_8);
        Path file = tmp.resolve("probe.php");
        Files.write(file, bytes);
        JsonNode out = evaluate(harness(), file, null);
        assertThat(out.get("constants").get("A").asText()).isEqualTo("xA");
        assertThat(SettingsFile.parse(bytes).define("A")).contains("xA");
    }

    private void lint(Path file, Generated g) throws Exception {
        ProcessResult r = run(List.of(php.get(), "-l", file.toString()), tmp);
        assertThat(r.exit).as("php -l on %s: %s", g, r.out).isZero();
    }

    private Path harness() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("CRM/Core"));
        Files.writeString(dir.resolve("ClassLoader.php"), "<?php\nclass CRM_Core_ClassLoader {\n"
                + "  public static function singleton() { return new CRM_Core_ClassLoader(); }\n"
                + "  public function register() { $GLOBALS['__class_loader_registered'] = TRUE; }\n}\n");
        Path h = tmp.resolve("harness.php");
        Files.writeString(h, "<?php\nerror_reporting(E_ALL & ~E_DEPRECATED);\nini_set('display_errors', '0');\n"
                + "ob_start();\ninclude $argv[1];\n$__printed = ob_get_clean();\n"
                + "$__c = get_defined_constants(TRUE);\n"
                + "echo json_encode(array('constants' => isset($__c['user']) ? $__c['user'] : (object) array(),\n"
                + "  'root' => isset($civicrm_root) ? $civicrm_root : NULL,\n"
                + "  'setting' => isset($civicrm_setting) ? $civicrm_setting : (object) array(),\n"
                + "  'paths' => isset($civicrm_paths) ? $civicrm_paths : (object) array(),\n"
                + "  'loader' => !empty($GLOBALS['__class_loader_registered']),\n"
                + "  'printed' => $__printed), JSON_INVALID_UTF8_SUBSTITUTE | JSON_UNESCAPED_SLASHES);\n");
        return h;
    }

    private JsonNode evaluate(Path harness, Path file, Generated g) throws Exception {
        ProcessResult r = run(List.of(php.get(), harness.toString(), file.toString()), tmp);
        assertThat(r.exit).as("php on %s: %s", g, r.out).isZero();
        return JSON.readTree(r.out);
    }

    private static void compare(SettingsFile f, JsonNode php, Generated g) {
        assertThat(php.get("printed").asText()).as("output of %s", g).isEmpty();
        JsonNode constants = php.get("constants");
        Iterator<Map.Entry<String, JsonNode>> it = constants.fields();
        int seen = 0;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Optional<Definition> active = f.activeDefine(e.getKey());
            if (active.isEmpty()) {
                // only defines the editor knows as conditional may appear without an active one
                assertThat(f.definitions()).as("PHP defined %s in %s", e.getKey(), g)
                        .anyMatch(d -> d.name().equals(e.getKey()) && d.state() == Definition.State.CONDITIONAL);
                continue;
            }
            seen++;
            assertThat(active.get().value()).as("value of %s in %s", e.getKey(), g).isPresent();
            assertThat(active.get().value().get()).as("value of %s in %s", e.getKey(), g).isEqualTo(fromJson(e.getValue()));
        }
        assertThat(seen).as("active defines of %s", g).isEqualTo(f.defines().size());
        assertThat(php.get("root").isNull() ? Optional.empty() : Optional.of(php.get("root").asText()))
                .as("$civicrm_root of %s", g).isEqualTo(f.civicrmRoot());
        compareEntries(php.get("setting"), f.settings(), "$civicrm_setting", g);
        compareEntries(php.get("paths"), f.paths(), "$civicrm_paths", g);
        assertThat(php.get("loader").asBoolean()).isEqualTo(f.registersClassLoader());
    }

    private static void compareEntries(JsonNode settings, Map<String, Map<String, PhpValue>> editor, String var, Generated g) {
        int entries = 0;
        Iterator<Map.Entry<String, JsonNode>> groups = settings.fields();
        while (groups.hasNext()) {
            Map.Entry<String, JsonNode> group = groups.next();
            Iterator<Map.Entry<String, JsonNode>> names = group.getValue().fields();
            while (names.hasNext()) {
                Map.Entry<String, JsonNode> n = names.next();
                assertThat(Optional.ofNullable(editor.getOrDefault(group.getKey(), Map.of()).get(n.getKey())))
                        .as("%s[%s][%s] in %s", var, group.getKey(), n.getKey(), g).contains(fromJson(n.getValue()));
                entries++;
            }
        }
        assertThat(entries).as("%s entries in %s", var, g).isEqualTo(editor.values().stream().mapToInt(Map::size).sum());
    }

    private static PhpValue fromJson(JsonNode n) {
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
        } else if (n.isArray()) {
            java.util.LinkedHashMap<PhpValue, PhpValue> entries = new java.util.LinkedHashMap<>();
            for (int k = 0; k < n.size(); k++) {
                entries.put(new PhpValue.Int(k), fromJson(n.get(k)));
            }
            return new PhpValue.Array(entries);
        } else if (n.isObject()) {
            java.util.LinkedHashMap<PhpValue, PhpValue> entries = new java.util.LinkedHashMap<>();
            n.fields().forEachRemaining(e -> entries.put(PhpValue.Array.key(PhpValue.of(e.getKey())), fromJson(e.getValue())));
            return new PhpValue.Array(entries);
        }
        throw new AssertionError("PHP produced a value the settings editor does not model: " + n);
    }

    private record ProcessResult(int exit, String out) {
    }

    private static ProcessResult run(List<String> command, Path dir) throws Exception {
        // stderr (PHP's log of warnings, e.g. a constant defined twice) is kept apart from the JSON on stdout
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("php-stderr.txt").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("php timed out: " + command);
        }
        return new ProcessResult(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
