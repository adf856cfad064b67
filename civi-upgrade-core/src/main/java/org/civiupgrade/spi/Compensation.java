package org.civiupgrade.spi;

/**
 * How to undo one change, as data. Implementations are small records that Jackson can
 * write and read back (public record components of simple types), because the engine
 * journals them as JSON before going on and a new process may apply them after a crash.
 *
 * <p>A compensation must be idempotent: applying it twice, or applying it when the change it
 * undoes never happened, leaves the same state as applying it once after the change.
 *
 * <p>{@link #touches()} names what it changes. When a compensation fails, the engine goes on
 * with older compensations that touch other things, but defers those that overlap what a failed
 * (or deferred) one touches: undoing them out of order could act on the wrong file or row.
 * Recovery later replays the deferred ones in strict reverse order.
 *
 * <p><b>Journal format.</b> A compensation is journaled as a JSON object of its record
 * components plus a {@code "@type"} property: the stable name given by the class's
 * {@link com.fasterxml.jackson.annotation.JsonTypeName @JsonTypeName} and registered through
 * {@link CompensationTypes} (e.g. {@code "core.move-back"}); an unregistered class is journaled
 * under its class name and then must never move. On the module path, the package of a
 * compensation must be {@code opens ... to com.fasterxml.jackson.databind} so that Jackson can
 * build it back, also in a recovering process.
 */
public interface Compensation {
    /** One line for people and for the journal, e.g. "rename X back to Y". Never secrets. */
    String describe();

    /** Everything: the default, for a compensation that does not say what it touches. */
    String EVERYTHING = "*";

    /**
     * What this compensation changes, as resource names: {@code file:<absolute path>} (covering
     * everything below it), {@code db:cms/<table>[/<key>]}, {@code db:civicrm[/<table>]}; or
     * {@link #EVERYTHING}. Two names overlap when equal or when one is a prefix of the other
     * followed by {@code /}.
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    default java.util.Set<String> touches() {
        return java.util.Set.of(EVERYTHING);
    }

    /** Undoes the change. */
    void apply(CompensationContext context) throws Exception;
}
