package org.civiupgrade.settings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;

/**
 * One change to a settings file: replacements of byte spans, made for one particular
 * {@link SettingsFile} by {@link SettingsEdits}. Bytes outside the spans stay identical. Its
 * {@link #description()} never holds secrets; {@link #inverse(SettingsFile)} undoes it exactly.
 */
public final class SettingsEdit {
    private final String description;
    private final List<Replacement> replacements;
    private final int expectedLength;

    /** Replace {@code [start, end)} with {@code text} (ISO-8859-1 chars, one per byte). */
    record Replacement(int start, int end, String text) {
    }

    SettingsEdit(String description, List<Replacement> replacements, int expectedLength) {
        this.description = Objects.requireNonNull(description, "description");
        List<Replacement> sorted = new ArrayList<>(replacements);
        sorted.sort(Comparator.comparingInt(Replacement::start));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).start() < sorted.get(i - 1).end()) {
                throw new IllegalArgumentException("overlapping replacements");
            }
        }
        this.replacements = List.copyOf(sorted);
        this.expectedLength = expectedLength;
    }

    /** What the edit does, for previews and reports (secrets redacted). */
    public String description() {
        return description;
    }

    /** The lines (1-based, in the file the edit was made for) where the edit starts. */
    public int firstLine(SettingsFile file) {
        int offset = replacements.isEmpty() ? 0 : replacements.get(0).start();
        int line = 1;
        String t = file.text();
        for (int i = 0; i < offset && i < t.length(); i++) {
            if (t.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    byte[] applyTo(SettingsFile file) {
        String t = file.text();
        if (t.length() != expectedLength) {
            throw new UpgradeException(ErrorCode.INTERNAL, "A settings edit was applied to another file than it was made for.");
        }
        StringBuilder b = new StringBuilder(t.length() + 256);
        int pos = 0;
        for (Replacement r : replacements) {
            b.append(t, pos, r.start()).append(r.text());
            pos = r.end();
        }
        b.append(t, pos, t.length());
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The edit that turns the result of this edit, applied to {@code before}, back into {@code before}. */
    public SettingsEdit inverse(SettingsFile before) {
        String t = before.text();
        List<Replacement> inv = new ArrayList<>();
        int delta = 0;
        int newLength = t.length();
        for (Replacement r : replacements) {
            int newStart = r.start() + delta;
            inv.add(new Replacement(newStart, newStart + r.text().length(), t.substring(r.start(), r.end())));
            delta += r.text().length() - (r.end() - r.start());
        }
        newLength += delta;
        return new SettingsEdit("undo: " + description, inv, newLength);
    }

    @Override
    public String toString() {
        return "SettingsEdit[" + description + "]";
    }
}
