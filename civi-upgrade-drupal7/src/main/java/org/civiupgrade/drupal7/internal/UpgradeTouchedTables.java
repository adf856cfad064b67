package org.civiupgrade.drupal7.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.spi.DatabaseDialect;
import org.civiupgrade.spi.SiteResources;
import org.civiupgrade.spi.db.TableSetBackup;

/**
 * The Drupal 7 tables a CiviCRM upgrade may change, and only those. CiviCRM's upgrader ends by
 * flushing Drupal's caches ({@code drupal_flush_all_caches()}), and Drupal then rebuilds
 * {@code system} (the modules' parsed {@code .info}, e.g. civicrm's version), {@code registry} and
 * {@code registry_file}, {@code menu_router} and {@code menu_links}, {@code variable} (e.g.
 * {@code css_js_query_string}), {@code actions}, {@code node_type}, the date format tables, and
 * empties every {@code cache} and {@code cache_*} table. CiviCRM's own cache rebuild at the end of
 * an upgrade also cleans up its permissions ({@code CRM_Core_Config::cleanupPermissions()}), which
 * on Drupal 7 deletes {@code role_permission} rows of module {@code civicrm} that the new release
 * no longer declares: {@code role_permission} is kept too.
 *
 * <p>Left out on purpose: {@code sessions}, {@code users}, {@code watchdog}, {@code semaphore},
 * {@code flood}, {@code queue} and the rest. The live site writes them legitimately while it is in
 * maintenance mode (an administrator logs in, cron and the log write rows, locks come and go), the
 * upgrade does not rebuild them, and putting them back would throw those writes away; a
 * {@code watchdog} entry of the failed attempt is history worth keeping.
 */
public final class UpgradeTouchedTables {
    /** Tables rebuilt by Drupal's cache flush or CiviCRM's permission clean-up, without the prefix. */
    public static final List<String> REBUILT = List.of("system", "registry", "registry_file", "menu_router", "menu_links", "variable",
            "actions", "node_type", "date_formats", "date_format_type", "date_format_locale", "role_permission");

    private UpgradeTouchedTables() {
    }

    /**
     * The real names (prefix included) of the tables of the current schema that an upgrade may
     * change: {@link #REBUILT} and every {@code cache} / {@code cache_*} table, those that exist.
     */
    public static List<String> existing(Connection c, String prefix) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (name.length() < prefix.length() || !name.substring(0, prefix.length()).equalsIgnoreCase(prefix)) {
                    continue;
                }
                String base = name.substring(prefix.length()).toLowerCase(Locale.ROOT);
                if (REBUILT.contains(base) || base.equals("cache") || base.startsWith("cache_")) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /**
     * The run's database dialect ({@link SiteResources#dialect()}) as a backup of a set of tables;
     * refuses when it cannot back up one.
     */
    public static TableSetBackup dialect(SiteResources resources) {
        DatabaseDialect d = resources.dialect();
        if (d instanceof TableSetBackup t) {
            return t;
        }
        throw new UpgradeException(ErrorCode.PLAN_INVALID, "The database dialect " + d.name() + " (" + d.getClass().getName()
                + ") cannot back up a set of Drupal's tables (it does not implement TableSetBackup).",
                "Use a database module whose dialect can, such as civi-upgrade-mysql.", null);
    }
}
