package org.civiupgrade.internal.cms;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.civiupgrade.CoreOptions;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.internal.steps.RestoreCivicrmSetting;
import org.civiupgrade.php.PhpSerialization;
import org.civiupgrade.php.PhpValue;
import org.civiupgrade.settings.SettingsEdit;
import org.civiupgrade.settings.SettingsEdits;
import org.civiupgrade.settings.SettingsFile;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;
import org.civiupgrade.spi.support.RestoreFileContent;

/**
 * The opt-in repair of a moved site ({@link CoreOptions#SETTINGS_FIX_MOVED_PATHS}): rewrites every
 * value {@link MovedPaths} finds a safe replacement for. Edits of {@code civicrm.settings.php}
 * ({@link SettingsEdits}) are written at once, atomically, after its previous bytes were saved with
 * a {@link RestoreFileContent} compensation; each {@code civicrm_setting} row is rewritten (the new
 * path PHP-serialized as CiviCRM stores it) after a {@link RestoreCivicrmSetting} holding its exact
 * previous bytes was recorded. Values without a safe replacement stay as they are (the check keeps
 * reporting them).
 */
public final class FixMovedPathsStep implements Step {
    /** The step's id. */
    public static final String ID = "settings.fix-moved-paths";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Rewrite CiviCRM folder settings that name folders of the site's former place";
    }

    @Override
    public Reversibility reversibility() {
        return Reversibility.REVERSIBLE;
    }

    private static List<MovedPaths.Moved> fixable(PlanContext context, SettingsFile file, int domainId) {
        Site site = context.site();
        return MovedPaths.find(site, file, new CivicrmPaths(site, file), Optional.of(context.resources().civicrmDatabase()), domainId,
                        context.options().find(CoreOptions.TARGET_VERSION)).stream()
                .filter(m -> m.fix().isPresent()).toList();
    }

    static int domainId(PlanContext context) {
        return context.options().find(CoreOptions.CIVICRM_DOMAIN_ID).orElseGet(() -> context.site().attribute(
                CoreOptions.CIVICRM_DOMAIN_ID.name()).map(CoreOptions.CIVICRM_DOMAIN_ID::parse).orElse(1));
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        Site site = context.site();
        List<PlannedAction> out = new ArrayList<>();
        for (MovedPaths.Moved m : fixable(context, SettingsFile.read(site.civicrmSettingsFile()), domainId(context))) {
            out.add(new PlannedAction(ID, "set " + m.name() + " (" + m.where() + ") from " + m.raw() + " to " + m.fix().get(),
                    m.kind() == MovedPaths.Kind.DATABASE_SETTING ? "put back the previous civicrm_setting value"
                            : "restore the previous bytes of civicrm.settings.php"));
        }
        if (out.isEmpty()) {
            out.add(new PlannedAction(ID, "nothing to rewrite: no folder setting names a missing folder that has a safe replacement", ""));
        }
        return out;
    }

    @Override
    public void apply(StepContext context) throws Exception {
        Site site = context.site();
        Path f = site.civicrmSettingsFile().toRealPath();
        SettingsFile file = SettingsFile.read(f);
        DataSource civicrm = context.resources().civicrmDatabase();
        int domainId = domainId(context);
        List<MovedPaths.Moved> moved = fixable(context, file, domainId);
        List<SettingsEdit> edits = new ArrayList<>();
        SettingsFile edited = file;
        for (MovedPaths.Moved m : moved) {
            String value = m.fix().get();
            Optional<SettingsEdit> e = switch (m.kind()) {
                case CIVICRM_ROOT -> SettingsEdits.setCivicrmRoot(edited, value);
                case COMPILE_DIR -> SettingsEdits.setDefine(edited, "CIVICRM_TEMPLATE_COMPILEDIR", PhpValue.Str.of(value));
                case SETTINGS_FILE_SETTING -> SettingsEdits.setSetting(edited, m.group(), m.name(), PhpValue.Str.of(value));
                case DATABASE_SETTING -> Optional.empty();
            };
            if (e.isPresent()) {
                edits.add(e.get());
                edited = edited.apply(e.get());
            }
        }
        if (!edits.isEmpty()) {
            RestoreFileContent.save(context, f);
            edited.writeTo(f);
            context.warn("civicrm.settings.php: " + String.join("; ", edits.stream().map(SettingsEdit::description).toList()));
        }
        for (MovedPaths.Moved m : moved) {
            if (m.kind() != MovedPaths.Kind.DATABASE_SETTING) {
                continue;
            }
            try (Connection c = civicrm.getConnection()) {
                byte[] previous;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT value FROM civicrm_setting WHERE name = ? AND domain_id = ? AND contact_id IS NULL")) {
                    ps.setString(1, m.name());
                    ps.setInt(2, domainId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getBytes(1) == null) {
                            continue;
                        }
                        previous = rs.getBytes(1);
                    }
                }
                context.record(RestoreCivicrmSetting.of(m.name(), domainId, previous));
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE civicrm_setting SET value = ? WHERE name = ? AND domain_id = ? AND contact_id IS NULL")) {
                    ps.setBytes(1, PhpSerialization.serialize(PhpValue.Str.of(m.fix().get())));
                    ps.setString(2, m.name());
                    ps.setInt(3, domainId);
                    if (ps.executeUpdate() < 1) {
                        throw new UpgradeException(ErrorCode.DATABASE_ERROR, "CiviCRM's setting " + m.name() + " vanished while it was rewritten.",
                                "Make sure nothing else changes CiviCRM's settings during the upgrade, then run again.", null);
                    }
                }
                context.warn("CiviCRM setting " + m.name() + ": " + m.raw() + " -> " + m.fix().get());
            }
        }
        context.progress(1, 1, "settings");
    }
}
