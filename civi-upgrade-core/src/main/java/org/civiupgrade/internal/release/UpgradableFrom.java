package org.civiupgrade.internal.release;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civiupgrade.Version;

/**
 * CiviCRM's own minimum upgradable version: the class constant
 * {@code const MINIMUM_UPGRADABLE_VERSION = '4.6.12';} of {@code CRM/Upgrade/Form.php}, present
 * in the 4.x and 5.x releases (4.0.8 in 4.4, 4.2.9, 4.5.9, 4.7.31 and 4.6.12 in later 5.x), the
 * value the release's own upgrader compares the database with.
 */
public final class UpgradableFrom {
    /** Where a release declares it, relative to {@code civicrm/}. */
    public static final String FORM_PHP = "CRM/Upgrade/Form.php";

    private static final Pattern CONSTANT = Pattern.compile(
            "\\bconst\\s+MINIMUM_UPGRADABLE_VERSION\\s*=\\s*(['\"])([0-9][0-9A-Za-z.]*)\\1\\s*;");

    private UpgradableFrom() {
    }

    /** The version the file declares; empty when it does not declare one as a literal. */
    public static Optional<Version> parse(byte[] formPhp) {
        if (formPhp == null) {
            return Optional.empty();
        }
        Matcher m = CONSTANT.matcher(new String(formPhp, StandardCharsets.ISO_8859_1));
        return m.find() ? Version.tryParse(m.group(2)) : Optional.empty();
    }
}
