package org.civiupgrade.drupal7.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.testkit.PhpCli;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Drupal 7 {@code settings.php} under {@code src/test/resources/drupal-settings} is read by
 * {@link DrupalSettingsReader} from a real Drupal-shaped folder, and by PHP itself (the judge) as a
 * web request includes it: with {@code DRUPAL_ROOT} and {@code conf_path()} defined, an empty
 * environment, from the Drupal root. Line 2 of each file says what the reader must do:
 * {@code # expect: read} (then every field must be what PHP gives PDO) or
 * {@code # expect: refused [line N] ["text"]}. {@code NAME.local.php} beside a file becomes
 * {@code sites/default/settings.local.php}, {@code NAME.creds.inc} becomes {@code sites/default/creds.inc}.
 *
 * <p>Without PHP on the PATH the comparison is reported as skipped, and fails when
 * {@code CIVI_UPGRADE_REQUIRE_PHP=true}.
 */
class DrupalSettingsPhpCrossCheckTest {
    private static final Pattern EXPECT = Pattern.compile("# expect: (read|refused)(?: line (\\d+))?(?: \"(.*)\")?");
    private static final String HARNESS = """
            <?php
            define('DRUPAL_ROOT', getcwd());
            function conf_path() { return 'sites/default'; }
            include DRUPAL_ROOT . '/sites/default/settings.php';
            $c = isset($databases['default']['default']) ? $databases['default']['default'] : NULL;
            $out = array('set' => is_array($c));
            foreach (array('driver', 'database', 'username', 'password', 'host', 'port', 'unix_socket') as $k) {
              $out[$k] = is_array($c) && isset($c[$k]) ? bin2hex((string) $c[$k]) : NULL;
            }
            $p = is_array($c) && isset($c['prefix']) ? $c['prefix'] : '';
            $out['prefix'] = bin2hex(is_array($p) ? (isset($p['default']) ? $p['default'] : '') : (string) $p);
            echo json_encode($out);
            """;
    private static final Optional<String> php = PhpCli.find().map(Path::toString);

    @TempDir
    Path tmp;

    static Stream<String> settingsFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(DrupalSettingsPhpCrossCheckTest.class.getResource("/drupal-settings").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = new ArrayList<>(s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".php") && !n.endsWith(".local.php")).sorted().toList());
            assertThat(names).hasSizeGreaterThan(30);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settingsFiles")
    void theReaderGivesWhatPhpGivesOrRefusesWithTheLine(String name) throws Exception {
        Path src = Path.of(getClass().getResource("/drupal-settings/" + name).toURI());
        byte[] bytes = Files.readAllBytes(src);
        String head = new String(bytes, StandardCharsets.ISO_8859_1).lines().skip(1).findFirst().orElse("");
        Matcher expect = EXPECT.matcher(head);
        assertThat(expect.matches()).as("line 2 of %s says what to expect", name).isTrue();

        Path root = tmp.resolve("drupal");
        Path site = Files.createDirectories(root.resolve("sites/default"));
        Files.write(site.resolve("settings.php"), bytes);
        String base = name.substring(0, name.length() - ".php".length());
        copyIfPresent(base + ".local.php", site.resolve("settings.local.php"));
        copyIfPresent(base + ".creds.inc", site.resolve("creds.inc"));

        Optional<Map<String, String>> phpSays = php.isPresent() ? Optional.of(runPhp(root)) : Optional.empty();
        DatabaseCoordinates read;
        try {
            read = DrupalSettingsReader.read(site.resolve("settings.php"), root, "sites/default/settings.php");
        } catch (UpgradeException e) {
            assertThat(expect.group(1)).as("%s was refused: %s", name, e.getMessage()).isEqualTo("refused");
            assertThat(e.code()).isEqualTo(ErrorCode.SITE_INVALID);
            assertThat(e.getMessage()).startsWith("sites/default/settings.php");
            if (expect.group(2) != null) {
                assertThat(e.getMessage()).contains("sites/default/settings.php line " + expect.group(2));
            }
            if (expect.group(3) != null) {
                assertThat(e.getMessage()).contains(expect.group(3));
            }
            assertThat(e.remedy()).isNotBlank();
            phpSays.map(m -> m.get("password")).filter(p -> p.length() >= 4).ifPresent(pw -> {
                assertThat(e.getMessage()).doesNotContain(pw);
                assertThat(e.remedy()).doesNotContain(pw);
            });
            return;
        }
        assertThat(expect.group(1)).as("%s was read as %s", name, read).isEqualTo("read");
        // the reader's half ran; the comparison with PHP is skipped visibly (or fails when PHP is required)
        PhpCli.require("Drupal settings.php reading");
        Map<String, String> p = phpSays.get();
        assertThat(p.get("failed")).as("PHP fails on %s, which the reader read", name).isNull();
        assertThat(p.get("set")).as("PHP sets $databases['default']['default'] in %s", name).isEqualTo("true");
        assertThat(p.get("unix_socket")).isNull();
        assertThat(p.get("driver")).isEqualTo("mysql");
        assertThat(read.database()).isEqualTo(p.get("database"));
        assertThat(read.user()).isEqualTo(orEmpty(p.get("username")));
        assertThat(read.password().reveal()).isEqualTo(orEmpty(p.get("password")));
        // Drupal 7's mysql driver: 'mysql:host=' . host . ';port=' . (empty(port) ? 3306 : port); PDO's empty host is localhost
        assertThat(read.host()).isEqualTo(orEmpty(p.get("host")).isEmpty() ? "localhost" : p.get("host"));
        String port = orEmpty(p.get("port"));
        assertThat(read.port()).isEqualTo(port.isEmpty() || port.equals("0") ? 3306 : Integer.parseInt(port));
        assertThat(read.tablePrefix()).isEqualTo(p.get("prefix"));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private void copyIfPresent(String resource, Path to) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/drupal-settings/" + resource)) {
            if (in != null) {
                Files.write(to, in.readAllBytes());
            }
        }
    }

    /**
     * PHP's values (strings decoded from hex as UTF-8, or null when not set) for the connection;
     * {@code failed} holds PHP's error output when PHP cannot run the file.
     */
    private Map<String, String> runPhp(Path root) throws Exception {
        Path harness = tmp.resolve("harness.php");
        Files.writeString(harness, HARNESS);
        ProcessBuilder pb = new ProcessBuilder(php.get(), "-d", "display_errors=stderr", "-f", harness.toString())
                .directory(root.toFile()).redirectError(tmp.resolve("php-stderr.txt").toFile());
        pb.environment().clear(); // a web request's PHP has no DB_HOST etc. unless the web server sets it
        Process proc = pb.start();
        byte[] out = proc.getInputStream().readAllBytes();
        if (!proc.waitFor(30, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            fail("php timed out");
        }
        if (proc.exitValue() != 0) {
            return Map.of("failed", Files.readString(tmp.resolve("php-stderr.txt")));
        }
        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
        Map<String, String> m = new java.util.HashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().isBoolean()
                ? e.getValue().asText() : new String(HexFormat.of().parseHex(e.getValue().asText()), StandardCharsets.UTF_8)));
        return m;
    }
}
