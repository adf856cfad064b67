package org.civiupgrade.spi;

import java.util.Map;
import java.util.Set;

/**
 * Registers a module's {@link Compensation} types under stable names, so that journals do not
 * depend on class names: a class may move or be renamed and the journals written before still
 * read back. Found with {@link java.util.ServiceLoader} (declare it in
 * {@code META-INF/services/org.civiupgrade.spi.CompensationTypes} and, on the module path, with
 * {@code provides org.civiupgrade.spi.CompensationTypes with ...}).
 *
 * <p>A journal line stores a compensation as a JSON object whose {@code "@type"} property is the
 * type's name, taken from the class's {@link com.fasterxml.jackson.annotation.JsonTypeName}
 * annotation. Names are {@code <module>.<kebab-case-name>}, e.g. {@code core.move-back} or
 * {@code drupal7.restore-variable}; a name, once written to journals, is never reused for
 * another shape. A compensation class without {@code @JsonTypeName}, or not registered here, is
 * still journaled, under its fully qualified class name (the format of version 0.1 for every
 * type), and then must never move.
 *
 * <p>Reading a journal, a {@code "@type"} is looked up as: a registered name; a former name
 * ({@link #formerNames()}); a class name of a {@link Compensation} on the class path. An
 * unknown type does not make the journal unreadable: that one entry becomes a compensation that
 * fails with what to do by hand, naming the missing module.
 */
public interface CompensationTypes {
    /** The compensation classes of the module, each annotated with {@code @JsonTypeName}. */
    Set<Class<? extends Compensation>> types();

    /**
     * Former type ids (e.g. fully qualified class names written by an older version) mapped to
     * the registered name that now reads them. Empty by default.
     */
    default Map<String, String> formerNames() {
        return Map.of();
    }
}
