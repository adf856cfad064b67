package org.civiupgrade.settings;

import org.civiupgrade.php.PhpValue;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Version;

/**
 * The edits a version jump needs in {@code civicrm.settings.php}, and what it should report:
 * <ul>
 *   <li>crossing 4.2.beta2 without the class loader lines: append them;</li>
 *   <li>crossing 4.2 with 4.1-style {@code define('Group.name', ...)} overrides: convert them to
 *       {@code $civicrm_setting} entries (from 4.2 the defines are silently ignored);</li>
 *   <li>to 4.4 or later with {@code CIVICRM_IDS_ENABLE}: report it as ignored, comment it out on request;</li>
 *   <li>{@code CIVICRM_SITE_KEY} missing or {@code null}: report it, add a random key on request;</li>
 *   <li>the install moved: new {@code $civicrm_root}, {@code CIVICRM_TEMPLATE_COMPILEDIR}, {@code CIVICRM_UF_BASEURL}.</li>
 * </ul>
 */
public final class SettingsUpgrade {
    /** The release that first needs the class loader lines. */
    public static final Version CLASS_LOADER_SINCE = Version.parse("4.2.beta2");
    /** The release from which 4.1-style dotted overrides are ignored. */
    public static final Version SETTINGS_ARRAY_SINCE = Version.parse("4.2.alpha1");
    /** The release from which CIVICRM_CRED_KEYS and CIVICRM_SIGN_KEYS are required. */
    public static final Version KEYS_REQUIRED_SINCE = Version.parse("6.10.alpha1");
    /** The release from which CIVICRM_IDS_ENABLE is ignored. */
    public static final Version IDS_IGNORED_SINCE = Version.parse("4.4.alpha1");

    private SettingsUpgrade() {
    }

    /**
     * The edits in order (each made for the result of the previous one), the findings, and the file
     * they produce.
     */
    public record Plan(SettingsFile original, List<SettingsEdit> edits, List<CheckResult> findings, SettingsFile result) {
        public Plan {
            edits = List.copyOf(edits);
            findings = List.copyOf(findings);
        }

        /** True when the file needs no change. */
        public boolean isEmpty() {
            return edits.isEmpty();
        }
    }

    /** Plans the edits of a jump from {@code from} to {@code to}. */
    public static Plan plan(SettingsFile file, Version from, Version to, SettingsOptions options) {
        return plan(file, from, to, options, new SecureRandom());
    }

    /** Like {@link #plan(SettingsFile, Version, Version, SettingsOptions)} with a given random source for the site key. */
    public static Plan plan(SettingsFile file, Version from, Version to, SettingsOptions options, SecureRandom random) {
        List<SettingsEdit> edits = new ArrayList<>();
        List<CheckResult> findings = new ArrayList<>();
        SettingsFile[] current = {file};
        Function<Optional<SettingsEdit>, Boolean> add = e -> {
            e.ifPresent(edit -> {
                edits.add(edit);
                current[0] = current[0].apply(edit);
            });
            return e.isPresent();
        };

        for (SettingsProblem p : file.problems()) {
            findings.add(CheckResult.warning("settings.unparsed",
                    "civicrm.settings.php " + p + ": kept as written, not understood by the editor.",
                    "Check that part of the file by hand; the upgrade does not change it."));
        }

        if (from.isBefore(CLASS_LOADER_SINCE) && to.isAtLeast(CLASS_LOADER_SINCE)) {
            add.apply(SettingsEdits.addClassLoader(current[0]));
        } else if (to.isAtLeast(CLASS_LOADER_SINCE) && !file.registersClassLoader()) {
            findings.add(CheckResult.warning("settings.class-loader",
                    "civicrm.settings.php does not register CiviCRM's class loader, which " + to + " needs.",
                    "Add at the end: " + SettingsEdits.CLASS_LOADER_LINES.replace("\n", " ")));
        }

        List<Definition> dotted = SettingsEdits.dottedOverrides(file);
        if (!dotted.isEmpty() && to.isAtLeast(SETTINGS_ARRAY_SINCE)) {
            if (from.isBefore(SETTINGS_ARRAY_SINCE)) {
                add.apply(SettingsEdits.convertDottedOverrides(current[0]));
                findings.add(CheckResult.info("settings.overrides", "The 4.1-style overrides "
                        + names(dotted) + " are converted to $civicrm_setting entries, which " + to + " reads."));
            } else {
                findings.add(CheckResult.warning("settings.overrides", "CiviCRM ignores the 4.1-style overrides "
                        + names(dotted) + " in civicrm.settings.php.",
                        "Write them as $civicrm_setting['Group']['name'] = value; (after global $civicrm_setting;)."));
            }
        }

        if (to.isAtLeast(IDS_IGNORED_SINCE) && file.activeDefine("CIVICRM_IDS_ENABLE").isPresent()) {
            if (options.commentOutIds()) {
                add.apply(SettingsEdits.commentOutDefine(current[0], "CIVICRM_IDS_ENABLE",
                        "CIVICRM_IDS_ENABLE is ignored from CiviCRM 4.4 on; commented out when upgrading to " + to + "."));
            }
            findings.add(CheckResult.warning("settings.ids-ignored",
                    "CIVICRM_IDS_ENABLE is ignored from CiviCRM 4.4 on" + (options.commentOutIds() ? "; it is commented out." : "."),
                    options.commentOutIds() ? "" : "Remove it, or set the option " + SettingsOptions.COMMENT_OUT_IDS + "=true."));
        }

        ResolvedDefine siteKey = file.resolveDefine("CIVICRM_SITE_KEY");
        boolean keyMissing = siteKey.status() == ResolvedDefine.Status.MISSING || (siteKey.status() == ResolvedDefine.Status.KNOWN
                && siteKey.value().map(v -> v instanceof PhpValue.Null || v.asPhpString().isEmpty()).orElse(false));
        if (keyMissing) {
            if (options.addSiteKey()) {
                add.apply(SettingsEdits.addSiteKey(current[0], random));
                findings.add(CheckResult.info("settings.site-key", "A random CIVICRM_SITE_KEY is added."));
            } else {
                findings.add(CheckResult.warning("settings.site-key",
                        "CIVICRM_SITE_KEY is missing or null; cron and command-line scripts need it.",
                        "Set the option " + SettingsOptions.ADD_SITE_KEY + "=true to add a random key."));
            }
        }

        if (to.isAtLeast(KEYS_REQUIRED_SINCE)) {
            for (String k : List.of("CIVICRM_CRED_KEYS", "CIVICRM_SIGN_KEYS")) {
                if (file.activeDefine(k).isEmpty() && file.definitions().stream().noneMatch(
                        d -> d.name().equals(k) && d.state() == Definition.State.CONDITIONAL)) {
                    findings.add(CheckResult.warning("settings.keys-missing", k + " is not defined; CiviCRM " + to
                            + " requires it.", "Generate it (e.g. with cv) and define it in civicrm.settings.php before upgrading."));
                }
            }
        }
        file.civicrmRoot().filter(r -> !r.startsWith("/") && !r.matches("[A-Za-z]:[\\\\/].*")).ifPresent(r -> {
            if (options.civicrmRoot().isEmpty()) {
                findings.add(CheckResult.warning("settings.relative-root", "$civicrm_root is the relative path '" + r
                        + "': it works only when PHP runs from the Drupal root, not for cron jobs or cv run elsewhere.",
                        "Set the option " + SettingsOptions.CIVICRM_ROOT + " to the absolute path of the CiviCRM code."));
            }
        });
        options.civicrmRoot().ifPresent(r -> {
            if (add.apply(SettingsEdits.setCivicrmRoot(current[0], r))) {
                for (Definition d : file.definitions()) {
                    if (d.state() == Definition.State.ACTIVE && d.kind() == Definition.Kind.SETTING
                            && d.keys().get(1).toLowerCase(java.util.Locale.ROOT).contains("resourceurl")) {
                        findings.add(CheckResult.warning("settings.resource-url", "The CiviCRM code moved; "
                                + d.displayName() + " (line " + d.span().line() + ") may still point at the old place.",
                                "Check the Resource URL setting after the upgrade (Administer > System Settings > Resource URLs)."));
                    }
                }
            }
        });
        options.templateCompileDir().ifPresent(d -> add.apply(
                SettingsEdits.setDefine(current[0], "CIVICRM_TEMPLATE_COMPILEDIR", PhpValue.of(d))));
        options.baseUrl().ifPresent(u -> add.apply(SettingsEdits.setDefine(current[0], "CIVICRM_UF_BASEURL", PhpValue.of(u))));

        if (current[0].problems().size() > file.problems().size()) {
            throw new org.civiupgrade.UpgradeException(org.civiupgrade.ErrorCode.INTERNAL,
                    "A settings edit produced a statement the editor cannot read back (" + current[0].problems() + ").");
        }
        return new Plan(file, edits, findings, current[0]);
    }

    private static String names(List<Definition> defs) {
        return String.join(", ", defs.stream().map(Definition::name).toList());
    }
}
