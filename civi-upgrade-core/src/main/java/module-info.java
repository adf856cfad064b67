/**
 * civi-upgrade core: the public API ({@code org.civiupgrade}), progress events
 * ({@code org.civiupgrade.event}), the extension points ({@code org.civiupgrade.spi}) and
 * the step engine with its crash-safe journal (internal).
 */
module org.civiupgrade {
    requires static transitive org.jspecify;
    requires transitive java.sql;
    requires com.fasterxml.jackson.databind;
    requires transitive com.fasterxml.jackson.annotation;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.google.common;
    requires org.apache.commons.io;
    requires org.apache.commons.compress;
    requires org.slf4j;

    exports org.civiupgrade;
    exports org.civiupgrade.event;
    exports org.civiupgrade.spi;
    exports org.civiupgrade.spi.db;
    exports org.civiupgrade.spi.cms;
    exports org.civiupgrade.spi.support;
    exports org.civiupgrade.php;
    exports org.civiupgrade.settings;
    exports org.civiupgrade.cv;
    exports org.civiupgrade.internal.steps to org.civiupgrade.testkit;
    // every module's classes log through the redacting loggers; settings readers register secrets
    exports org.civiupgrade.internal.redact to org.civiupgrade.mysql, org.civiupgrade.drupal7, org.civiupgrade.cli,
            org.civiupgrade.testkit;
    // the testkit's compensation contract round-trips through the journal's own mapper
    exports org.civiupgrade.internal.json to org.civiupgrade.testkit;
    exports org.civiupgrade.internal.release to org.civiupgrade.testkit, org.civiupgrade.drupal7;

    opens org.civiupgrade to com.fasterxml.jackson.databind;
    opens org.civiupgrade.event to com.fasterxml.jackson.databind;
    opens org.civiupgrade.spi to com.fasterxml.jackson.databind;
    opens org.civiupgrade.spi.db to com.fasterxml.jackson.databind;
    opens org.civiupgrade.spi.support to com.fasterxml.jackson.databind;
    opens org.civiupgrade.internal.steps to com.fasterxml.jackson.databind;
    opens org.civiupgrade.internal.journal to com.fasterxml.jackson.databind;
    // Jackson creates the journal's compensation type-id resolver reflectively
    opens org.civiupgrade.internal.json to com.fasterxml.jackson.databind;
    opens org.civiupgrade.internal.release to com.fasterxml.jackson.databind;

    uses org.civiupgrade.spi.CmsAdapter;
    uses org.civiupgrade.spi.CompensationTypes;
    uses org.civiupgrade.spi.DataSourceFactory;
    uses org.civiupgrade.spi.SettingsEditor;
    uses org.civiupgrade.spi.DatabaseDialect;
    uses org.civiupgrade.spi.ProcedureContributor;
    uses org.civiupgrade.spi.SchemaUpgrader;
    provides org.civiupgrade.spi.SchemaUpgrader with org.civiupgrade.cv.CvSchemaUpgrader;
}
