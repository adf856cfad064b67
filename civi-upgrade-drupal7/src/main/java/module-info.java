/**
 * civi-upgrade for Drupal 7: the {@link org.civiupgrade.spi.CmsAdapter} that detects a Drupal 7
 * site with CiviCRM and changes it (maintenance mode, front page, integration modules, caches)
 * with exact compensations, and the drush-based schema upgrader.
 */
module org.civiupgrade.drupal7 {
    requires static transitive org.jspecify;
    requires transitive org.civiupgrade;
    requires org.apache.commons.io;
    requires org.slf4j;

    exports org.civiupgrade.drupal7;
    exports org.civiupgrade.drupal7.drush;
    exports org.civiupgrade.drupal7.php;

    opens org.civiupgrade.drupal7.internal to com.fasterxml.jackson.databind;

    provides org.civiupgrade.spi.CompensationTypes with org.civiupgrade.drupal7.internal.Drupal7CompensationTypes;
    provides org.civiupgrade.spi.CmsAdapter with org.civiupgrade.drupal7.Drupal7Adapter;
    provides org.civiupgrade.spi.ProcedureContributor with org.civiupgrade.drupal7.Drupal7ProcedureContributor;
    provides org.civiupgrade.spi.SchemaUpgrader with org.civiupgrade.drupal7.drush.DrushSchemaUpgrader,
            org.civiupgrade.drupal7.php.PhpSchemaUpgrader;
}
