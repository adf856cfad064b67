package org.civiupgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CiviCRM version as the code and {@code civicrm_domain.version} spell it:
 * {@code 4.2.0}, {@code 4.7.alpha1}, {@code 5.45.beta2}, {@code 5.45.rc1}, legacy {@code 2.1}
 * ({@code 2.1.0}) and {@code 2.2} ({@code 2.2.alpha1}), and the marker CiviCRM's upgrader writes
 * while a revision runs, {@code 4.4.0.upgrade} (a partially upgraded database).
 *
 * <p>Ordering is numeric by component; within the same numbers alpha &lt; beta &lt; rc &lt;
 * release, each by its number ({@code alpha1 < alpha2}). A version and its {@code .upgrade}
 * marker compare equal by {@link #compareTo}; {@link #equals} tells them apart.
 */
public final class Version implements Comparable<Version> {
    private static final Pattern FORM = Pattern.compile(
            "(\\d+(?:\\.\\d+)*?)(?:\\.?(alpha|beta|rc)(\\d*))?(?:\\.(\\d+))?(\\.upgrade)?");

    /** Pre-release stage; declaration order is the sort order. */
    private enum Stage { ALPHA, BETA, RC, RELEASE }

    private final List<Integer> numbers;
    private final Stage stage;
    private final int stageNumber;
    private final boolean upgradeMarker;
    private final String text;

    private Version(List<Integer> numbers, Stage stage, int stageNumber, boolean upgradeMarker, String text) {
        this.numbers = List.copyOf(numbers);
        this.stage = stage;
        this.stageNumber = stageNumber;
        this.upgradeMarker = upgradeMarker;
        this.text = text;
    }

    /**
     * Parses a version.
     *
     * @throws UpgradeException {@link ErrorCode#INVALID_INPUT} naming the text when it is not a version
     */
    public static Version parse(String text) {
        return tryParse(text).orElseThrow(() -> new UpgradeException(ErrorCode.INVALID_INPUT,
                "'" + text + "' is not a CiviCRM version (expected e.g. 4.4.5, 4.7.alpha1, 5.45.beta2).",
                "Give a version of digits separated by dots, optionally ending in alphaN, betaN or rcN.", null));
    }

    /** Parses a version, or empty when the text is not one. */
    public static Optional<Version> tryParse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.trim().toLowerCase(Locale.ROOT);
        // Legacy values of civicrm_domain.version
        if (s.equals("2.1")) {
            s = "2.1.0";
        } else if (s.equals("2.2")) {
            s = "2.2.alpha1";
        }
        Matcher m = FORM.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<Integer> nums = new ArrayList<>();
        for (String part : m.group(1).split("\\.")) {
            if (part.length() > 9) {
                return Optional.empty();
            }
            nums.add(Integer.parseInt(part));
        }
        Stage stage = Stage.RELEASE;
        int stageNo = 0;
        if (m.group(2) != null) {
            stage = Stage.valueOf(m.group(2).toUpperCase(Locale.ROOT));
            String n = m.group(3);
            if (n.length() > 9) {
                return Optional.empty();
            }
            stageNo = n.isEmpty() ? 0 : Integer.parseInt(n);
        }
        if (m.group(4) != null) {
            // e.g. "4.2.beta2.1" never occurs; a trailing number after a release is a further component
            if (stage != Stage.RELEASE || m.group(4).length() > 9) {
                return Optional.empty();
            }
            nums.add(Integer.parseInt(m.group(4)));
        }
        while (nums.size() < 3 && stage == Stage.RELEASE) {
            nums.add(0);
        }
        return Optional.of(new Version(nums, stage, stageNo, m.group(5) != null, s));
    }

    /** First component, e.g. 5 of 5.45.2. */
    public int major() {
        return numbers.get(0);
    }

    /** Second component (0 when absent). */
    public int minor() {
        return numbers.size() > 1 ? numbers.get(1) : 0;
    }

    /** Third component (0 when absent or a pre-release). */
    public int patch() {
        return numbers.size() > 2 ? numbers.get(2) : 0;
    }

    /** {@code major.minor}, e.g. {@code 4.7}. */
    public String majorMinor() {
        return major() + "." + minor();
    }

    /** True for an alpha, beta or rc. */
    public boolean isPreRelease() {
        return stage != Stage.RELEASE;
    }

    /** True for a {@code X.Y.Z.upgrade} marker: the database was left partially upgraded. */
    public boolean isPartialUpgrade() {
        return upgradeMarker;
    }

    /** The version without an {@code .upgrade} marker. */
    public Version withoutUpgradeMarker() {
        return upgradeMarker ? new Version(numbers, stage, stageNumber, false, text.substring(0, text.length() - ".upgrade".length())) : this;
    }

    /** True when this version sorts before {@code other}. */
    public boolean isBefore(Version other) {
        return compareTo(other) < 0;
    }

    /** True when this version sorts at or after {@code other}. */
    public boolean isAtLeast(Version other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(Version o) {
        int n = Math.max(numbers.size(), o.numbers.size());
        for (int i = 0; i < n; i++) {
            int a = i < numbers.size() ? numbers.get(i) : 0;
            int b = i < o.numbers.size() ? o.numbers.get(i) : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        int c = stage.compareTo(o.stage);
        return c != 0 ? c : Integer.compare(stageNumber, o.stageNumber);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0 && upgradeMarker == v.upgradeMarker;
    }

    @Override
    public int hashCode() {
        List<Integer> trimmed = new ArrayList<>(numbers);
        while (trimmed.size() > 1 && trimmed.get(trimmed.size() - 1) == 0) {
            trimmed.remove(trimmed.size() - 1);
        }
        return Objects.hash(trimmed, stage, stageNumber, upgradeMarker);
    }

    /** The normalised text, e.g. {@code 4.7.alpha1}, {@code 2.1.0} for legacy {@code 2.1}. */
    @Override
    public String toString() {
        return text;
    }
}
