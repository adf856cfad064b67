package org.civiupgrade.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.civiupgrade.CheckReport;
import org.civiupgrade.Release;
import org.civiupgrade.Site;
import org.civiupgrade.Upgrade;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.UpgradePlan;
import org.civiupgrade.UpgradeResult;
import org.civiupgrade.event.UpgradeEvent;
import org.civiupgrade.event.UpgradeListener;
import org.civiupgrade.spi.SchemaUpgrader;

/**
 * How a hosting tool embeds civi-upgrade: every event of the run goes out as one JSON line
 * (for a job log or a websocket), the final {@link UpgradeResult} is what the tool stores, and
 * a refusal before any change (locked site, unfinished run, failed checks) becomes a JSON line
 * with its stable error code and remedy instead of an exception.
 *
 * <pre>{@code
 * UpgradeResult r = new HostingToolExample(writer).upgrade(Site.detect(root), Release.tarball(tgz), null);
 * }</pre>
 */
public final class HostingToolExample {
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    private final Writer lines;

    /** Writes the JSON lines to {@code lines} (flushed after each). */
    public HostingToolExample(Writer lines) {
        this.lines = Objects.requireNonNull(lines, "lines");
    }

    /**
     * Recovers an unfinished run if there is one, then upgrades the site with the documented
     * procedure.
     *
     * @param upgrader the database upgrader, or null for the default ({@code cv} on the PATH, else drush)
     * @return the result, or null when the upgrade was refused before any change (the reason is the last line)
     */
    public UpgradeResult upgrade(Site site, Release release, SchemaUpgrader upgrader) {
        UpgradeListener listener = this::event;
        try {
            if (Upgrade.needsRecovery(site)) {
                Upgrade.recover(site, listener);
            }
            Upgrade.Builder builder = Upgrade.of(site).to(release);
            if (upgrader != null) {
                builder.upgrader(upgrader);
            }
            UpgradePlan plan = builder.standard().plan();
            CheckReport checks = plan.check();
            ObjectNode line = json.createObjectNode().put("event", "Checked").put("passed", checks.passed());
            line.set("results", json.valueToTree(checks.results()));
            write(line);
            if (!checks.passed()) {
                return null;
            }
            UpgradeResult result = plan.run(listener);
            ObjectNode done = json.createObjectNode().put("event", "Result");
            done.set("result", json.readTree(result.toJson()));
            write(done);
            return result;
        } catch (UpgradeException e) {
            write(json.createObjectNode().put("event", "Refused").put("code", e.code().name())
                    .put("message", e.getMessage()).put("remedy", e.remedy()));
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One event as one line: {@code {"event":"StepStarted","runId":...,"at":...,...}}. */
    void event(UpgradeEvent e) {
        ObjectNode line = json.createObjectNode().put("event", e.getClass().getSimpleName());
        line.setAll((ObjectNode) json.valueToTree(e));
        write(line);
    }

    private synchronized void write(ObjectNode line) {
        try {
            lines.write(json.writeValueAsString(line));
            lines.write('\n');
            lines.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code HostingToolExample DRUPAL_ROOT RELEASE_TGZ}: JSON lines on standard output; exit 0 only on success. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: HostingToolExample DRUPAL_ROOT RELEASE_TGZ");
            System.exit(2);
        }
        Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
        UpgradeResult r = new HostingToolExample(out).upgrade(Site.detect(Path.of(args[0])), Release.tarball(Path.of(args[1])), null);
        System.exit(r != null && r.succeeded() ? 0 : 1);
    }
}
