package org.civiupgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The oldest database each CiviCRM release can upgrade, as CiviCRM's upgrade documentation
 * states it (4.4 needs 2.2; 4.7 and 5.0 need 4.0.8; from around 5.33 it is 4.4.7; 6.x needs
 * 5.51), and the intermediate releases an older site must go through. The "last release" of
 * each window is the newest release that still accepts the previous window's minimum.
 *
 * <p>Used by the plan builder to validate a multi-hop plan ({@code Upgrade.Builder#via}) and
 * by the database pre-flight check to name the releases a too-old database needs.
 */
public final class UpgradePaths {
    private record Window(Version firstTarget, Version minimum, String lastRelease) {
    }

    private static final List<Window> WINDOWS = List.of(
            new Window(Version.parse("4.4.0"), Version.parse("2.2"), "4.6"),
            new Window(Version.parse("4.7.alpha1"), Version.parse("4.0.8"), "5.32"),
            new Window(Version.parse("5.33.alpha1"), Version.parse("4.4.7"), "5.81"),
            new Window(Version.parse("6.0.alpha1"), Version.parse("5.51.0"), "6.x"));

    private UpgradePaths() {
    }

    /** The minimum database version the target release upgrades, when documented (empty before 4.4). */
    public static Optional<Version> minimumFor(Version target) {
        Window w = windowOf(target);
        return w == null ? Optional.empty() : Optional.of(w.minimum());
    }

    /** Whether {@code target} can upgrade a database at {@code current} directly. */
    public static boolean upgradesDirectly(Version current, Version target) {
        return minimumFor(target).map(min -> !current.isBefore(min)).orElse(true);
    }

    private static Window windowOf(Version target) {
        Window found = null;
        for (Window w : WINDOWS) {
            if (target.compareTo(w.firstTarget()) >= 0) {
                found = w;
            }
        }
        return found;
    }

    /**
     * The releases to upgrade to, in order, before the target accepts the database; empty when
     * the target accepts it directly. A hop named {@code "2.2"} means "at least 2.2" (older than
     * any documented window); {@code "5.32"} means the last 5.32 release, and so on.
     */
    public static List<String> hops(Version current, Version target) {
        Window tw = windowOf(target);
        return tw == null ? new ArrayList<>() : hops(current, target, tw.minimum());
    }

    /**
     * {@link #hops(Version, Version)} for a target whose minimum upgradable version is known
     * otherwise (e.g. declared by the release itself, {@link Release#minimumUpgradable()}): the
     * releases of the table's earlier windows that bring {@code current} to at least {@code minimum}.
     */
    public static List<String> hops(Version current, Version target, Version minimum) {
        List<String> hops = new ArrayList<>();
        Window tw = windowOf(target);
        if (current.compareTo(minimum) >= 0) {
            return hops;
        }
        Version firstTarget = tw == null ? target : tw.firstTarget();
        Version at = current;
        int guard = 0;
        while (at.compareTo(minimum) < 0 && guard++ < 10) {
            Window best = null;
            for (Window w : WINDOWS) {
                if (w.firstTarget().compareTo(firstTarget) < 0 && at.compareTo(w.minimum()) >= 0) {
                    best = w;
                }
            }
            if (best == null) {
                if (at.compareTo(WINDOWS.get(0).minimum()) < 0) {
                    hops.add("2.2");
                    at = WINDOWS.get(0).minimum();
                    continue;
                }
                hops.add(minimum.toString()); // no table window gets there: a release of at least the minimum itself
                break;
            }
            Version next = Version.parse(best.lastRelease());
            if (next.compareTo(at) <= 0) {
                hops.add(minimum.toString());
                break;
            }
            hops.add(best.lastRelease());
            at = next;
        }
        return hops;
    }
}
