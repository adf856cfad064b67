package org.civiupgrade.internal.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civiupgrade.CheckResult;
import org.civiupgrade.Site;

/**
 * Refuses a work directory the web server may serve: inside the web root (the CMS root), the
 * CMS files folder or CiviCRM's files folder. The work directory holds the database backups (every
 * contact, every password hash) and the old code; there a visitor could download them. Paths are
 * compared after resolving symbolic links of the part that exists.
 */
public final class WorkDirLocation {
    /** Check result id. */
    public static final String ID = "engine.work-dir-location";

    private WorkDirLocation() {
    }

    /** A blocker when the site's work directory lies inside a folder the web server serves; else an info. */
    public static List<CheckResult> check(Site site) {
        Map<String, Path> served = new LinkedHashMap<>();
        served.put("the web root", site.root());
        site.adapter().flatMap(a -> {
            try {
                return a.filesDirectory(site);
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }).ifPresent(f -> served.put("the CMS files folder", f));
        site.attribute("civicrm.templateCompileDir").map(Path::of).map(Path::getParent)
                .ifPresent(f -> served.put("CiviCRM's files folder", f));
        Path work = real(site.workDir());
        List<CheckResult> out = new ArrayList<>();
        for (Map.Entry<String, Path> e : served.entrySet()) {
            Path folder = real(site.root().resolve(e.getValue()));
            if (work.startsWith(folder)) {
                out.add(CheckResult.blocker(ID, "The work directory " + site.workDir() + " lies inside " + e.getKey() + " ("
                        + e.getValue() + "), where the web server may serve the database backups and the old code it will hold.",
                        "Choose a work directory outside the web root and the files folders, e.g. the default below the "
                                + "home folder of the user running the upgrade (--work-dir on the command line or "
                                + "Site.withWorkDir)."));
                return out;
            }
        }
        // the run creates the work directory and its lock first: a path it cannot create is found now, not by the run
        Path abs = site.workDir().toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            out.add(CheckResult.blocker(ID, "The work directory " + site.workDir() + " cannot be " + (existing.equals(abs) ? "used" : "created")
                    + ": " + existing + " is a file, not a folder.", "Move the file away or choose another work directory (--work-dir on"
                    + " the command line or Site.withWorkDir)."));
        } else if (existing != null && !Files.isWritable(existing)) {
            out.add(CheckResult.blocker(ID, "The work directory " + site.workDir() + " cannot be " + (existing.equals(abs) ? "written" : "created")
                    + ": this user may not write to " + existing + ".", "Choose a work directory this user may write (--work-dir on the"
                    + " command line or Site.withWorkDir), or give it the right to write there."));
        }
        return out;
    }

    /** The absolute path with the symbolic links of its existing part resolved. */
    static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }
}
