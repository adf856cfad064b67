/**
 * The MySQL/MariaDB dialect of civi-upgrade: pre-flight checks, object ownership, a native
 * consistent backup, verification, full and selective restore, a mysqldump-compatible export,
 * a pooled data source factory and the database backup step.
 */
module org.civiupgrade.mysql {
    requires static transitive org.jspecify;
    requires transitive org.civiupgrade;
    requires transitive com.zaxxer.hikari;
    requires mysql.connector.j;
    requires com.google.common;
    requires org.apache.commons.io;
    requires com.github.luben.zstd_jni;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;

    exports org.civiupgrade.mysql;

    opens org.civiupgrade.mysql to com.fasterxml.jackson.databind;
    opens org.civiupgrade.mysql.internal to com.fasterxml.jackson.databind;

    provides org.civiupgrade.spi.CompensationTypes with org.civiupgrade.mysql.internal.MySqlCompensationTypes;
    provides org.civiupgrade.spi.DataSourceFactory with org.civiupgrade.mysql.MySqlDataSourceFactory;
    provides org.civiupgrade.spi.DatabaseDialect with org.civiupgrade.mysql.MySqlDialect;
    provides org.civiupgrade.spi.ProcedureContributor with org.civiupgrade.mysql.MySqlProcedureContributor;
}
