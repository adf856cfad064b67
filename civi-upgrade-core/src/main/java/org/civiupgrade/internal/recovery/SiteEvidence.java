package org.civiupgrade.internal.recovery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.civiupgrade.Site;
import org.civiupgrade.spi.SiteResources;

/**
 * What an unfinished run left on disk and in the database, read without the journal: the code
 * swap's folders, the CiviCRM database's version against the run's backup, maintenance mode. In
 * the order a person should put things back: code, database, maintenance mode.
 */
public final class SiteEvidence {
    private SiteEvidence() {
    }

    /**
     * Everything found for the run with this folder and id.
     *
     * @param journalStarted whether the journal holds the run's first record; when it does not, the
     *                       run folder's contents are evidence too
     */
    public static List<Finding> of(Site site, SiteResources resources, Path runDir, String runId, boolean journalStarted) {
        List<Finding> out = new ArrayList<>(CodeSwapLeftovers.find(site, runDir, runId));
        out.addAll(CivicrmDatabaseVersion.find(site, resources, runDir));
        if (!journalStarted) {
            out.addAll(RunFolderContents.find(runDir));
        }
        out.addAll(MaintenanceState.find(site, resources));
        return out;
    }

    /**
     * What a run left that shows on the site itself, whatever work directory it used, for a work
     * directory with no unfinished journal: the code swap's folders beside the code folder, a
     * half-upgraded CiviCRM database, code newer than the database; and maintenance mode (for
     * information). The blocking ones mean "status" must not say idle and "recover" must not say
     * there is nothing to recover.
     *
     * @param versions whether to compare the database's version with the code's: code newer than
     *                 the database is also the state in which a plan that only migrates (the code
     *                 was swapped by hand) starts, so a run does not ask for it
     */
    public static List<Finding> ofAnyRun(Site site, SiteResources resources, boolean versions) {
        List<Finding> out = new ArrayList<>();
        for (String runId : CodeSwapLeftovers.runIds(site)) {
            out.addAll(CodeSwapLeftovers.find(site, site.workDir().resolve("runs").resolve(runId), runId));
        }
        if (versions) {
            out.addAll(CivicrmDatabaseVersion.againstCode(site, resources));
        }
        if (out.stream().anyMatch(Finding::blocking)) {
            out.addAll(MaintenanceState.find(site, resources));
        }
        return out;
    }
}
