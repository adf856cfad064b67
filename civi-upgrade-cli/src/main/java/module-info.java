/**
 * The {@code civi-upgrade} command: check, dry-run, run, recover and status of a CiviCRM upgrade
 * on a Drupal 7 site, built on the public API of civi-upgrade only.
 */
module org.civiupgrade.cli {
    requires static org.jspecify;
    requires org.civiupgrade;
    requires org.civiupgrade.drupal7;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;

    exports org.civiupgrade.cli;

    opens org.civiupgrade.cli to info.picocli;
    opens org.civiupgrade.cli.internal to info.picocli;
}
