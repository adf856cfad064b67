package org.civiupgrade.internal.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lexical rules for names inside a release archive. A name is split on {@code /}; empty and
 * {@code .} components are dropped; a {@code ..} component, a leading {@code /}, a drive or
 * NUL makes the name unsafe. Knows nothing of the file system.
 */
public final class ArchivePaths {
    private ArchivePaths() {
    }

    /**
     * The components of a safe relative name, or empty when the name is absolute, climbs
     * with {@code ..} or holds a NUL. {@code "./civicrm//CRM/"} gives {@code [civicrm, CRM]}.
     */
    public static Optional<List<String>> components(String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0 || name.startsWith("/")
                || name.matches("^[A-Za-z]:.*")) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                return Optional.empty();
            }
            out.add(part);
        }
        return Optional.of(out);
    }

    /**
     * The components below {@code top} (e.g. {@code civicrm}) of a safe name: empty list for
     * the top folder itself, empty optional when the name is unsafe or not below {@code top}.
     */
    public static Optional<List<String>> below(String name, String top) {
        return components(name).flatMap(c -> {
            if (top.isEmpty()) {
                return Optional.of(c);
            }
            if (c.isEmpty() || !c.get(0).equals(top)) {
                return Optional.empty();
            }
            return Optional.of(c.subList(1, c.size()));
        });
    }
}
