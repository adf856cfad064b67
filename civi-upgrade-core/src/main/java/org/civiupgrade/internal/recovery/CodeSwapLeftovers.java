package org.civiupgrade.internal.recovery;

import org.civiupgrade.spi.support.IoProblems;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.civiupgrade.Release;
import org.civiupgrade.Site;
import org.civiupgrade.Version;
import org.civiupgrade.spi.support.Scopes;

/**
 * The folders a code swap of one run leaves while it is not finished or undone: beside the live
 * CiviCRM code folder {@code .<name>.new-<run>} (the unpacked release), {@code .<name>.old-<run>}
 * (the old code renamed away), {@code .<name>.failed-<run>} and {@code .<name>.restore-<run>}
 * (an undo under way); in the run folder (and its {@code hop-*} folders) {@code code-backup/<name>}
 * (the old code kept) and {@code code-backup/<name>.partial}.
 */
final class CodeSwapLeftovers {
    private static final String BACKUP_DIR = "code-backup";

    private CodeSwapLeftovers() {
    }

    static List<Finding> find(Site site, Path runDir, String runId) {
        List<Finding> out = new ArrayList<>();
        Path live;
        try {
            Path code = site.civicrmCodeDir();
            live = Files.isSymbolicLink(code) ? code.toRealPath() : code;
        } catch (IOException e) {
            return out;
        }
        String name = live.getFileName().toString();
        String liveVersion = Release.readInstalledVersion(live).map(Version::toString).orElse("unknown");
        Path parent = live.getParent();
        if (parent != null && Files.isDirectory(parent)) {
            try (Stream<Path> siblings = Files.list(parent)) {
                for (Path p : siblings.sorted().toList()) {
                    String n = p.getFileName().toString();
                    if (!n.startsWith("." + name + ".") || !n.endsWith("-" + runId)) {
                        continue;
                    }
                    String kind = n.substring(name.length() + 2, n.length() - runId.length() - 1);
                    String version = Release.readInstalledVersion(p).map(Version::toString).orElse("unknown");
                    switch (kind) {
                        case "old" -> out.add(new Finding("the old CiviCRM code (version " + version + ") renamed to " + p
                                + " while " + live + " holds version " + liveVersion, Scopes.file(p),
                                "put the old code back: mv '" + live + "' '" + parent.resolve("." + name + ".failed-" + runId)
                                        + "' && mv '" + p + "' '" + live + "', then remove the .failed folder", true));
                        case "new", "failed", "restore" -> out.add(new Finding("a code folder the swap or its undo left: " + p
                                + " (version " + version + ")", Scopes.file(p), "once " + live
                                + " holds the old code, remove it: rm -rf '" + p + "'", true));
                        default -> { }
                    }
                }
            } catch (IOException e) {
                out.add(new Finding("the folder " + parent + " cannot be listed: " + IoProblems.describe(e), Scopes.file(parent),
                        IoProblems.remedy(e), true));
            }
        }
        for (Path backup : backups(runDir, name)) {
            String version = Release.readInstalledVersion(backup).map(Version::toString).orElse("unknown");
            boolean partial = backup.getFileName().toString().endsWith(".partial");
            out.add(new Finding((partial ? "a partial copy of the old CiviCRM code in " : "the old CiviCRM code (version " + version
                    + ") kept by the swap in ") + backup + " while " + live + " holds version " + liveVersion, Scopes.file(backup),
                    partial ? "remove it once the old code is back: rm -rf '" + backup + "'"
                            : "put the old code back: mv '" + live + "' '" + parent.resolve("." + name + ".failed-" + runId)
                            + "' && cp -a '" + backup + "' '" + live + "', then remove the .failed folder", true));
        }
        return out;
    }

    /**
     * The run ids of every code swap whose folders lie beside the live code folder
     * ({@code .<name>.(new|old|failed|restore)-<run>}), whatever work directory the run used.
     */
    static java.util.SortedSet<String> runIds(Site site) {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        Path live;
        try {
            Path code = site.civicrmCodeDir();
            live = Files.isSymbolicLink(code) ? code.toRealPath() : code;
        } catch (IOException e) {
            return out;
        }
        Path parent = live.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return out;
        }
        java.util.regex.Pattern swap = java.util.regex.Pattern.compile(
                "\\." + java.util.regex.Pattern.quote(live.getFileName().toString()) + "\\.(?:new|old|failed|restore)-(.+)");
        try (Stream<Path> siblings = Files.list(parent)) {
            siblings.map(p -> swap.matcher(p.getFileName().toString())).filter(java.util.regex.Matcher::matches)
                    .forEach(m -> out.add(m.group(1)));
        } catch (IOException e) {
            // find() reports a folder it cannot list
        }
        return out;
    }

    private static List<Path> backups(Path runDir, String name) {
        List<Path> dirs = new ArrayList<>(List.of(runDir));
        if (Files.isDirectory(runDir)) {
            try (Stream<Path> s = Files.list(runDir)) {
                s.filter(p -> p.getFileName().toString().startsWith("hop-") && Files.isDirectory(p)).sorted().forEach(dirs::add);
            } catch (IOException e) {
                // the run folder itself is checked
            }
        }
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            for (String n : List.of(name, name + ".partial")) {
                Path p = d.resolve(BACKUP_DIR).resolve(n);
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(p);
                }
            }
        }
        return out;
    }
}
