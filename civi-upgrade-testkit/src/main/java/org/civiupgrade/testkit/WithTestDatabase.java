package org.civiupgrade.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test method (or jqwik property) that declares a {@link TestDatabase} parameter a
 * fresh schema, dropped afterwards. Uses {@code CIVI_UPGRADE_TEST_JDBC_URL} when set, else an
 * embedded MariaDB.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestDatabaseExtension.class)
public @interface WithTestDatabase {
}
