/**
 * A consumer of civi-upgrade on the module path. It requires only the core module at run time:
 * the MySQL and Drupal 7 modules must join the module graph through service binding, as in an
 * application that puts the jars on {@code --module-path}. The static requires let it name their
 * compensations; the testkit is added with {@code --add-modules}.
 */
module org.civiupgrade.smoketest {
    requires org.civiupgrade;
    requires com.fasterxml.jackson.databind;
    requires static org.civiupgrade.mysql;
    requires static org.civiupgrade.drupal7;
    requires static org.civiupgrade.testkit;

    uses org.civiupgrade.spi.CmsAdapter;
    uses org.civiupgrade.spi.CompensationTypes;
    uses org.civiupgrade.spi.DatabaseDialect;
    uses org.civiupgrade.spi.DataSourceFactory;
    uses org.civiupgrade.spi.ProcedureContributor;
    uses org.civiupgrade.spi.SchemaUpgrader;
    uses org.civiupgrade.spi.SettingsEditor;
}
