/**
 * civi-upgrade Drupal 7 adapter.
 */
module org.civiupgrade.drupal7 {
    requires transitive org.civiupgrade;
    requires org.slf4j;

    exports org.civiupgrade.drupal7.drush;
}
