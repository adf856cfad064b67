package org.civiupgrade.drupal7.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.testkit.FakeDrupalSite;

/**
 * A {@link FakeDrupalSite} served by PHP's built-in web server with {@code router.php} (test
 * resources), which speaks Drupal 7's session handling and CiviCRM's web upgrade protocol against
 * the fake's databases and code folder. {@link #behaviour(String, Object)} switches failures on.
 * The session cookie values the site received are appended to {@link #cookieLog()}.
 */
final class FakeDrupalWeb implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process php;
    private final int port;
    private final Path config;
    private final Path cookieLog;
    private final Path serverLog;
    private final Map<String, Object> conf;

    private FakeDrupalWeb(Process php, int port, Path config, Path cookieLog, Path serverLog, Map<String, Object> conf) {
        this.php = php;
        this.port = port;
        this.config = config;
        this.cookieLog = cookieLog;
        this.serverLog = serverLog;
        this.conf = conf;
    }

    /** Skips (or, with {@code CIVI_UPGRADE_REQUIRE_PHP=true}, fails) when php with PDO MySQL is missing. */
    static void requirePhp() {
        boolean ok;
        try {
            Process p = new ProcessBuilder("php", "-r", "exit(extension_loaded('pdo_mysql') ? 0 : 1);").redirectErrorStream(true).start();
            ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        if (!ok && "true".equals(System.getenv("CIVI_UPGRADE_REQUIRE_PHP"))) {
            throw new AssertionError("php with PDO MySQL (Debian: php-cli php-mysql) is required (CIVI_UPGRADE_REQUIRE_PHP=true)");
        }
        assumeTrue(ok, "php with PDO MySQL is not installed (Debian: apt-get install php-cli php-mysql); the fake web site needs it");
    }

    static FakeDrupalWeb start(FakeDrupalSite fake, Path dir) throws Exception {
        requirePhp();
        Files.createDirectories(dir);
        Path router = dir.resolve("router.php");
        try (InputStream in = FakeDrupalWeb.class.getResourceAsStream("/fake-drupal-web/router.php")) {
            Files.copy(in, router, StandardCopyOption.REPLACE_EXISTING);
        }
        Map<String, Object> conf = new LinkedHashMap<>();
        Map<String, Object> drupal = db(fake.database().coordinates());
        drupal.put("prefix", fake.prefix());
        conf.put("drupal", drupal);
        conf.put("civicrm", db(fake.civicrmDatabase().coordinates()));
        conf.put("siteDir", fake.siteDir().toString());
        conf.put("codeDir", fake.civicrmDir().toString());
        Path cookieLog = dir.resolve("cookies.log");
        conf.put("cookieLog", cookieLog.toString());
        conf.put("requestLog", dir.resolve("requests.log").toString());
        conf.put("behaviour", new LinkedHashMap<String, Object>());
        Path config = dir.resolve("fake-web.json");
        JSON.writeValue(config.toFile(), conf);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("php-server.log");
        ProcessBuilder pb = new ProcessBuilder(List.of("php", "-d", "display_errors=0", "-d", "log_errors=1", "-d", "error_log=" + log,
                "-S", "127.0.0.1:" + port, router.toString())).directory(fake.root().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("FAKE_WEB_CONFIG", config.toString());
        Process p = pb.start();
        FakeDrupalWeb web = new FakeDrupalWeb(p, port, config, cookieLog, log, conf);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return web;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > until) {
                    web.close();
                    throw new IllegalStateException("php -S did not start: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
    }

    private static Map<String, Object> db(DatabaseCoordinates c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", c.host().equals("localhost") ? "127.0.0.1" : c.host());
        m.put("port", c.port());
        m.put("database", c.database());
        m.put("user", c.user());
        m.put("password", c.password().reveal());
        return m;
    }

    /** {@code http://127.0.0.1:<port>/}. */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Sets a behaviour switch ({@code failAt}, {@code fatalAt}, {@code hangAt}, {@code login}, {@code beginRedirect}). */
    @SuppressWarnings("unchecked")
    FakeDrupalWeb behaviour(String key, Object value) throws IOException {
        ((Map<String, Object>) conf.get("behaviour")).put(key, value);
        JSON.writeValue(config.toFile(), conf);
        return this;
    }

    /** The session cookie values the site received, one a line. */
    List<String> cookiesReceived() throws IOException {
        return Files.exists(cookieLog) ? Files.readAllLines(cookieLog, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).distinct().toList()
                : List.of();
    }

    Path cookieLog() {
        return cookieLog;
    }

    /** The requests the site received ({@code METHOD URI}, one a line), then what PHP's server wrote (PHP errors). */
    String serverLog() throws IOException {
        Path requests = serverLog.resolveSibling("requests.log");
        return (Files.exists(requests) ? Files.readString(requests) : "") + (Files.exists(serverLog) ? Files.readString(serverLog) : "");
    }

    @Override
    public void close() {
        php.descendants().forEach(ProcessHandle::destroyForcibly);
        php.destroyForcibly();
        try {
            php.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
