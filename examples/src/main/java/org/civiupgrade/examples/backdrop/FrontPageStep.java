package org.civiupgrade.examples.backdrop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civiupgrade.CheckResult;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.civiupgrade.spi.support.RestoreFileContent;
import org.civiupgrade.spi.support.SafeFiles;

/**
 * Backdrop's front page, the {@code site_frontpage} key of the active configuration file
 * {@code system.core.json} (shipped default in Backdrop's
 * {@code core/modules/system/config/system.core.json}). The neutral step saves the value in the run
 * folder and, when CiviCRM serves it, sets it to {@code node}; the restore step puts the saved value
 * back. Only that one value is rewritten, the rest of the file keeps its bytes; each write is
 * preceded by a {@link RestoreFileContent} of the whole file.
 */
final class FrontPageStep implements Step {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VALUE = Pattern.compile("(\"site_frontpage\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");
    /** Backdrop's own default front page. */
    static final String NEUTRAL = "node";

    private final boolean neutral;
    private final Path file;

    FrontPageStep(boolean neutral, Path file) {
        this.neutral = neutral;
        this.file = file;
    }

    @Override
    public String id() {
        return neutral ? "backdrop.front-page-to-node" : "backdrop.front-page-restore";
    }

    @Override
    public String description() {
        return neutral ? "Point Backdrop's front page at 'node' if CiviCRM serves it" : "Restore Backdrop's front page";
    }

    @Override
    public Reversibility reversibility() {
        return Reversibility.REVERSIBLE;
    }

    @Override
    public List<CheckResult> check(PlanContext context) {
        if (neutral && !Files.isRegularFile(file)) {
            return List.of(CheckResult.warning("backdrop.front-page", "Backdrop's active configuration " + file
                    + " is missing: the front page cannot be checked.", "Check $config_directories['active'] in settings.php."));
        }
        return List.of();
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        return List.of(new PlannedAction(id(), neutral ? "set site_frontpage in " + file + " to 'node' if it is a civicrm path"
                : "put site_frontpage in " + file + " back as it was", "restore the previous bytes of " + file));
    }

    /** Whether a path is served by CiviCRM ({@code civicrm}, {@code civicrm/...}). */
    static boolean isCivicrmPath(String path) {
        String p = path.trim().replaceFirst("^/+", "");
        return p.equals("civicrm") || p.startsWith("civicrm/") || p.startsWith("civicrm?");
    }

    /** The front page the file names, empty when the file or the key is missing. */
    static Optional<String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode v = JSON.readTree(file.toFile()).get("site_frontpage");
        return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static Path saved(Path runDir) {
        return runDir.resolve("backdrop.site_frontpage.before");
    }

    @Override
    public void apply(StepContext context) throws Exception {
        Optional<String> current = read(file);
        String target;
        if (neutral) {
            if (current.isEmpty()) {
                return;
            }
            Files.writeString(saved(context.runDir()), current.get(), StandardCharsets.UTF_8);
            target = isCivicrmPath(current.get()) ? NEUTRAL : current.get();
        } else {
            if (!Files.exists(saved(context.runDir())) || current.isEmpty()) {
                return;
            }
            target = Files.readString(saved(context.runDir()), StandardCharsets.UTF_8);
        }
        if (target.equals(current.get())) {
            return;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Matcher m = VALUE.matcher(text);
        if (!m.find()) {
            throw new IOException(file + " has no \"site_frontpage\" string value to change.");
        }
        String changed = text.substring(0, m.start()) + m.group(1) + JSON.writeValueAsString(target) + text.substring(m.end());
        RestoreFileContent.save(context, file);
        SafeFiles.writeAtomically(file, changed.getBytes(StandardCharsets.UTF_8), null);
    }
}
