package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.civiupgrade.DatabaseCoordinates;
import org.civiupgrade.Site;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Compensation} must keep, as JUnit 5 tests to inherit. A test class
 * implements this interface for one compensation type and says how to make and observe the change
 * each sample undoes; the tests then check, on the real site and database of the test:
 * <ul>
 *   <li>each sample survives the journal: written and read back by the journal's own JSON mapper, it
 *       is equal, of the same class, and describes and touches the same;</li>
 *   <li>it is journaled under a stable type name: its class carries
 *       {@code @JsonTypeName("<module>.<kebab-case-name>")} and is registered through
 *       {@link org.civiupgrade.spi.CompensationTypes}, so the journal's {@code "@type"} is that name
 *       and not the class name;</li>
 *   <li>{@link Compensation#touches()} names resources in the grammar its Javadoc gives
 *       ({@code *}, {@code file:<absolute normalised path>}, {@code db:cms/<table>[/<key>]},
 *       {@code db:civicrm[/<table>]});</li>
 *   <li>applied after the change, it restores what {@link #observe} saw before the change; applied
 *       again, nothing moves;</li>
 *   <li>applied when the change never happened (a crash between recording and changing), it leaves
 *       the site as it was;</li>
 *   <li>{@link Compensation#describe()} is one non-blank line without any {@link #secrets()}.</li>
 * </ul>
 * Each test method gets a fresh instance (JUnit's default), so {@link #samples()} may build its
 * site in the test's {@code @TempDir} or {@link TestDatabase}. Samples are exercised one after the
 * other on the same site; each must leave the site as {@link #observe} saw it before.
 *
 * @param <C> the compensation type under test
 */
public interface CompensationContract<C extends Compensation> {
    /** Instances to check, each undoing a change that {@link #makeChange} can make. At least one. */
    List<C> samples() throws Exception;

    /** The context to apply the samples with (see {@link TestContexts#compensationContext}). */
    CompensationContext context() throws Exception;

    /** Makes the change that {@code sample} undoes, as the step that would record it does. */
    void makeChange(C sample) throws Exception;

    /**
     * What {@code sample} puts back, in a form that compares with {@code equals} (bytes of a file,
     * the rows of a table, a {@link SiteFingerprint}). Arrays are compared by content.
     */
    Object observe(C sample) throws Exception;

    /**
     * Text that must never appear in a description: by default the non-empty database passwords of
     * the context's site. Override to add more.
     */
    default Set<String> secrets() throws Exception {
        Site site = context().site();
        Set<String> out = new java.util.HashSet<>();
        for (DatabaseCoordinates db : List.of(site.cmsDatabase(), site.civicrmDatabase())) {
            if (!db.password().isEmpty()) {
                out.add(db.password().reveal());
            }
        }
        return out;
    }

    /** Each sample reads back from its journal text equal, of the same class, describing and touching the same. */
    @Test
    default void eachSampleSurvivesTheJournal() throws Exception {
        for (C sample : nonEmptySamples()) {
            String json = Journaled.json(sample);
            assertThat(json).as("journal entry of %s names its type", sample).contains("\"@type\"");
            Compensation back = Journaled.read(json);
            assertThat(back).as("%s read back from %s", sample, json).isEqualTo(sample).hasSameClassAs(sample);
            assertThat(back.describe()).as("description after the journal").isEqualTo(sample.describe());
            assertThat(back.touches()).as("touches() after the journal").isEqualTo(sample.touches());
            assertThat(Journaled.json(back)).as("written again").isEqualTo(json);
        }
    }

    /** Each sample is journaled under its registered {@code @JsonTypeName}, not its class name. */
    @Test
    default void eachSampleIsJournaledUnderItsStableTypeName() throws Exception {
        for (C sample : nonEmptySamples()) {
            com.fasterxml.jackson.annotation.JsonTypeName name =
                    sample.getClass().getAnnotation(com.fasterxml.jackson.annotation.JsonTypeName.class);
            assertThat(name).as("@JsonTypeName on %s", sample.getClass().getName()).isNotNull();
            assertThat(name.value()).as("type name of %s", sample.getClass().getName())
                    .matches("[a-z][a-z0-9]*(-[a-z0-9]+)*\\.[a-z][a-z0-9]*(-[a-z0-9]+)*");
            assertThat(Journaled.json(sample)).as("journal entry of %s (is its module's CompensationTypes registered in "
                    + "META-INF/services?)", sample.getClass().getName())
                    .containsPattern("\"@type\"\\s*:\\s*\"" + java.util.regex.Pattern.quote(name.value()) + "\"");
        }
    }

    /** {@code touches()} is non-empty and every name follows the grammar of {@link Compensation#touches()}. */
    @Test
    default void touchesNamesResourcesInTheDocumentedGrammar() throws Exception {
        for (C sample : nonEmptySamples()) {
            Set<String> touches = sample.touches();
            assertThat(touches).as("touches() of %s", sample).isNotEmpty().doesNotContainNull();
            for (String name : touches) {
                assertThat(ResourceNames.problem(name)).as("resource name %s of %s", name, sample).isNull();
            }
        }
    }

    /** Applied after its change (as read back from the journal), a sample restores the state before; applied again, nothing moves. */
    @Test
    default void applyingUndoesTheChangeAndApplyingTwiceChangesNothingMore() throws Exception {
        CompensationContext context = context();
        for (C sample : nonEmptySamples()) {
            Object before = observe(sample);
            makeChange(sample);
            Object changed = observe(sample);
            assertThat(Observed.of(changed)).as("state after makeChange(%s): the change must be visible to observe()", sample)
                    .isNotEqualTo(Observed.of(before));
            Compensation journaled = Journaled.read(Journaled.json(sample));
            journaled.apply(context);
            assertThat(Observed.of(observe(sample))).as("state after applying %s once", sample).isEqualTo(Observed.of(before));
            journaled.apply(context);
            assertThat(Observed.of(observe(sample))).as("state after applying %s twice", sample).isEqualTo(Observed.of(before));
        }
    }

    /** Applied when its change never happened, a sample leaves the state as it was. */
    @Test
    default void applyingWhenTheChangeNeverHappenedLeavesTheSiteAsItWas() throws Exception {
        CompensationContext context = context();
        for (C sample : nonEmptySamples()) {
            Object before = observe(sample);
            sample.apply(context);
            assertThat(Observed.of(observe(sample))).as("state after applying %s without its change", sample)
                    .isEqualTo(Observed.of(before));
        }
    }

    /** {@code describe()} is one non-blank line without any of {@link #secrets()}. */
    @Test
    default void describeIsOneLineWithoutSecrets() throws Exception {
        Set<String> secrets = secrets();
        for (C sample : nonEmptySamples()) {
            String d = sample.describe();
            assertThat(d).as("describe() of %s", sample.getClass().getSimpleName()).isNotBlank().doesNotContain("\n", "\r");
            for (String s : secrets) {
                assertThat(d.contains(s)).as("describe() of %s contains a secret", sample.getClass().getSimpleName()).isFalse();
            }
        }
    }

    private List<C> nonEmptySamples() throws Exception {
        List<C> samples = new ArrayList<>(Objects.requireNonNull(samples(), "samples()"));
        assertThat(samples).as("samples() of the compensation contract").isNotEmpty();
        return samples;
    }

    /** Wraps arrays so that they compare by content. */
    record Observed(Object value) {
        static Observed of(Object o) {
            return new Observed(o);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Observed c && java.util.Objects.deepEquals(value, c.value);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.deepHashCode(new Object[] {value});
        }

        @Override
        public String toString() {
            return value instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)
                    : value instanceof Object[] a ? java.util.Arrays.deepToString(a) : String.valueOf(value);
        }
    }

    /** The grammar of {@link Compensation#touches()}. */
    final class ResourceNames {
        private static final Pattern CMS = Pattern.compile("db:cms/[A-Za-z0-9_]+(/.+)?");
        private static final Pattern CIVICRM = Pattern.compile("db:civicrm(/[A-Za-z0-9_]+)?");

        private ResourceNames() {
        }

        /** What is wrong with a resource name, or null when it is well-formed. */
        static String problem(String name) {
            if (Compensation.EVERYTHING.equals(name) || CMS.matcher(name).matches() || CIVICRM.matcher(name).matches()) {
                return null;
            }
            if (name.startsWith("file:")) {
                String path = name.substring("file:".length());
                Path p;
                try {
                    p = Path.of(path);
                } catch (RuntimeException e) {
                    return "not a path: " + e.getMessage();
                }
                if (!p.isAbsolute()) {
                    return "file: needs an absolute path";
                }
                if (!p.normalize().toString().equals(path)) {
                    return "file: needs a normalised path (no ., .. or trailing /): " + p.normalize();
                }
                return null;
            }
            return "neither *, file:<absolute path>, db:cms/<table>[/<key>] nor db:civicrm[/<table>]";
        }
    }
}
