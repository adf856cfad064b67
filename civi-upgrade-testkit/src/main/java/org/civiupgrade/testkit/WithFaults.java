package org.civiupgrade.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Disarms every {@link Faults} point before and after each test of the annotated class (or the
 * annotated method), so that a point armed by one test, even one that failed half-way, never
 * fires in another.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(WithFaults.Extension.class)
public @interface WithFaults {
    /** The JUnit 5 extension behind {@link WithFaults}. */
    final class Extension implements org.junit.jupiter.api.extension.BeforeEachCallback,
            org.junit.jupiter.api.extension.AfterEachCallback {
        @Override
        public void beforeEach(org.junit.jupiter.api.extension.ExtensionContext context) {
            Faults.clear();
        }

        @Override
        public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) {
            Faults.clear();
        }
    }
}
