package org.civiupgrade.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * How to undo one change, as data. Implementations are small records that Jackson can
 * write and read back (public record components of simple types), because the engine
 * journals them as JSON before going on and a new process may apply them after a crash.
 *
 * <p>A compensation must be idempotent: applying it twice, or applying it when the change it
 * undoes never happened, leaves the same state as applying it once after the change.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@type")
public interface Compensation {
    /** One line for people and for the journal, e.g. "rename X back to Y". Never secrets. */
    String describe();

    /** Undoes the change. */
    void apply(CompensationContext context) throws Exception;
}
