/**
 * civi-upgrade for Drupal 7: the {@link org.civiupgrade.spi.CmsAdapter} that detects a Drupal 7
 * site with CiviCRM and changes it (maintenance mode, front page, integration modules, caches)
 * with exact compensations, the drush-based schema upgrader and CiviCRM's web upgrader over HTTP.
 */
module org.civiupgrade.drupal7 {
    requires static transitive org.jspecify;
    requires transitive org.civiupgrade;
    requires org.apache.commons.io;
    requires org.slf4j;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
    requires com.google.common;
    requires org.jsoup;

    exports org.civiupgrade.drupal7;
    exports org.civiupgrade.drupal7.drush;
    exports org.civiupgrade.drupal7.php;
    exports org.civiupgrade.drupal7.web;

    opens org.civiupgrade.drupal7.internal to com.fasterxml.jackson.databind;
    opens org.civiupgrade.drupal7.internal.web to com.fasterxml.jackson.databind;

    provides org.civiupgrade.spi.CompensationTypes with org.civiupgrade.drupal7.internal.Drupal7CompensationTypes;
    provides org.civiupgrade.spi.CmsAdapter with org.civiupgrade.drupal7.Drupal7Adapter;
    provides org.civiupgrade.spi.ProcedureContributor with org.civiupgrade.drupal7.Drupal7ProcedureContributor;
    provides org.civiupgrade.spi.SchemaUpgrader with org.civiupgrade.drupal7.drush.DrushSchemaUpgrader,
            org.civiupgrade.drupal7.php.PhpSchemaUpgrader, org.civiupgrade.drupal7.web.Drupal7WebUpgrader;
}
