package org.civiupgrade;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.civiupgrade.spi.DatabaseDialect;

/**
 * How {@link Upgrade.Builder#rehearse(RehearsalOptions)} copies a site.
 *
 * @param keepCopy        keep the scratch database(s) and the copied folder after the rehearsal
 *                        (their names are in the {@link RehearsalReport}); by default both are removed
 * @param scratchDatabase the name of the scratch database for the CiviCRM database; by default
 *                        {@code cuv_rehearsal_<random>}, so that a user granted CREATE and DROP on
 *                        {@code `cuv\_rehearsal\_%`.*} may rehearse. It must not exist yet.
 * @param copyParent      the folder in which the site's copy is made; by default the system's
 *                        temporary folder. The copy is owner-only.
 * @param dialect         the database dialect to copy the database with and to run the copy's plan
 *                        with; by default the plan's ({@link Upgrade.Builder#dialect}, else the
 *                        installed one with the highest priority for the site). Giving another one
 *                        than the builder's is refused.
 */
public record RehearsalOptions(boolean keepCopy, Optional<String> scratchDatabase, Optional<Path> copyParent,
                               Optional<DatabaseDialect> dialect) {
    public RehearsalOptions {
        scratchDatabase = Objects.requireNonNullElse(scratchDatabase, Optional.<String>empty());
        copyParent = Objects.requireNonNullElse(copyParent, Optional.<Path>empty());
        dialect = Objects.requireNonNullElse(dialect, Optional.<DatabaseDialect>empty());
    }

    /** Defaults: a random scratch database, a copy in the temporary folder, both removed afterwards. */
    public static RehearsalOptions defaults() {
        return new RehearsalOptions(false, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Keeps the scratch database and the copied folder for inspection. */
    public RehearsalOptions keepingCopy() {
        return new RehearsalOptions(true, scratchDatabase, copyParent, dialect);
    }

    /** Uses this scratch database name (letters, digits and {@code _}; it must not exist). */
    public RehearsalOptions withScratchDatabase(String name) {
        return new RehearsalOptions(keepCopy, Optional.of(name), copyParent, dialect);
    }

    /** Makes the copy of the site's folders inside this folder. */
    public RehearsalOptions withCopyParent(Path folder) {
        return new RehearsalOptions(keepCopy, scratchDatabase, Optional.of(folder), dialect);
    }

    /** Copies the database with this dialect. */
    public RehearsalOptions withDialect(DatabaseDialect d) {
        return new RehearsalOptions(keepCopy, scratchDatabase, copyParent, Optional.of(d));
    }
}
