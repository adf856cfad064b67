package org.civiupgrade.internal.release;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civiupgrade.Version;

/**
 * Reads the CiviCRM code version from the files each era ships, relative to the
 * {@code civicrm/} folder: {@code xml/version.xml} (tarballs from 5.0), {@code civicrm-version.php}
 * (3.4 to 4.7, still present later), {@code civicrm-version.txt} (2.x to 3.3). The first one
 * that yields a version wins, in that order.
 */
public final class VersionFiles {
    /** The version files, in order of preference, relative to the code folder. */
    public static final List<String> FILES = List.of("xml/version.xml", "civicrm-version.php", "civicrm-version.txt");

    private static final Pattern XML = Pattern.compile("<version_no>\\s*([^<\\s]+)\\s*</version_no>");
    private static final Pattern PHP = Pattern.compile("['\"]version['\"]\\s*=>\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern TXT = Pattern.compile("^\\s*([0-9][0-9A-Za-z.]*)");

    private VersionFiles() {
    }

    /** Parses one version file's bytes; {@code name} is one of {@link #FILES}. */
    public static Optional<Version> parse(String name, byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        Matcher m;
        switch (name) {
            case "xml/version.xml" -> m = XML.matcher(text);
            case "civicrm-version.php" -> m = PHP.matcher(text);
            case "civicrm-version.txt" -> {
                // "2.2.9 Drupal PHP5" or "3.1.2+r26543"
                m = TXT.matcher(text.split("\\+", 2)[0]);
            }
            default -> {
                return Optional.empty();
            }
        }
        if (!m.find()) {
            return Optional.empty();
        }
        return Version.tryParse(m.group(1));
    }
}
