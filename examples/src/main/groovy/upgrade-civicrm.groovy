/*
 * Upgrades CiviCRM on a Drupal 7 site with the civi-upgrade API: the whole documented procedure,
 * rolled back exactly when any step fails.
 *
 *   groovy -cp 'civi-upgrade-cli/target/lib/*' upgrade-civicrm.groovy \
 *       /var/www/drupal civicrm-5.14.0-drupal.tar.gz [CV_PROGRAM [WORK_DIR]]
 *
 * CV_PROGRAM is the cv program to upgrade the database with (default: cv on the PATH, else drush);
 * WORK_DIR is where the lock, journal and backups go (default: ~/.civi-upgrade/sites/...).
 * The script's value is the UpgradeResult.
 */
import java.nio.file.Path
import org.civiupgrade.Release
import org.civiupgrade.Site
import org.civiupgrade.Upgrade
import org.civiupgrade.UpgradeException
import org.civiupgrade.cv.CvSchemaUpgrader
import org.civiupgrade.event.UpgradeEvent

if (args.length < 2) {
    System.err.println 'usage: upgrade-civicrm.groovy DRUPAL_ROOT RELEASE_TGZ [CV_PROGRAM [WORK_DIR]]'
    return null
}

Site site = Site.detect(Path.of(args[0]))
if (args.length > 3) {
    site = site.withWorkDir(Path.of(args[3]))
}
if (Upgrade.needsRecovery(site)) {
    // a crashed run left a journal: finish its rollback first
    Upgrade.recover(site).ifPresent { println "Recovered run ${it.runId()}: ${it.status()}" }
}

def builder = Upgrade.of(site).to(Release.tarball(Path.of(args[1])))
if (args.length > 2) {
    builder.upgrader(new CvSchemaUpgrader(args[2], [:]))
}
def plan = builder.standard().plan()

def report = plan.check()
report.results().each { println "${it.severity()} ${it.id()}: ${it.message()}" }
if (!report.passed()) {
    println 'Pre-flight checks failed; nothing was changed.'
    return null
}

def result
try {
    result = plan.run { UpgradeEvent e ->
        switch (e) {
            case UpgradeEvent.StepStarted: println "> ${e.stepId()}: ${e.description()}"; break
            case UpgradeEvent.StepFailed: println "! ${e.stepId()} failed: ${e.message()}"; break
            case UpgradeEvent.Warning: println "  warning: ${e.message()}"; break
            case UpgradeEvent.CompensationApplied: println "  undone: ${e.description()}"; break
        }
    }
} catch (UpgradeException e) {
    // refused before any change: locked, unfinished run, failed checks
    println "Refused (${e.code()}): ${e.message}\nRemedy: ${e.remedy()}"
    return null
}

println "Result: ${result.status()}"
result.failureCause().ifPresent { println "Cause: ${it.message()}\nRemedy: ${it.remedy()}" }
new File(result.runDir(), 'report.json').text = result.toJson()
result
