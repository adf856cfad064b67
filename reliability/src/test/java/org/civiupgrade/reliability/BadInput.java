package org.civiupgrade.reliability;

import java.util.ArrayList;
import java.util.List;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.Severity;
import org.jspecify.annotations.Nullable;

/**
 * One kind of bad input, as a row of {@link BadInputs#TABLE}: how it spoils a fresh {@link Bench}
 * (the site before it is created, then the created site, release, database or command line),
 * and what civi-upgrade must answer: the {@link ErrorCode} (for a failed check: CHECK_FAILED and
 * the blocking check's id), the exit code, words the message must contain (naming the problem)
 * and words the remedy must contain (naming the fix). The site must be left exactly as it was.
 *
 * @param kind       the kind's name, unique in the table
 * @param site       changes the site's builder before the site is created
 * @param spoil      spoils the created site, release, database or command line
 * @param code       the expected error code
 * @param exit       the expected exit code
 * @param checkId    the blocking check's id when {@code code} is CHECK_FAILED, else null
 * @param message    words (case-insensitive) the message must contain
 * @param remedy     words (case-insensitive) the remedy must contain
 * @param followUp   a second command run afterwards (e.g. {@code recover}), null for none
 * @param followUpExit the second command's expected exit code
 * @param knownIssue why today's behaviour is wrong for this kind, when it is (the scenario is then
 *                   reported as not passing, never weakened)
 * @param severity   the finding's severity when the kind is one to warn about, not to refuse: then
 *                   {@code code} is null and {@code check} must report {@code checkId} with it
 */
record BadInput(String kind, Spoil site, Spoil spoil, @Nullable ErrorCode code, int exit, @Nullable String checkId, List<String> message,
                List<String> remedy, @Nullable List<String> followUp, int followUpExit, @Nullable String knownIssue,
                @Nullable Severity severity) {

    /** A change to the bench. */
    interface Spoil {
        void apply(Bench b) throws Exception;
    }

    @Override
    public String toString() {
        return kind;
    }

    static Builder of(String kind) {
        return new Builder(kind);
    }

    /** Builds a row. */
    static final class Builder {
        private final String kind;
        private Spoil site = b -> { };
        private Spoil spoil = b -> { };
        private final List<String> message = new ArrayList<>();
        private final List<String> remedy = new ArrayList<>();
        private List<String> followUp;
        private int followUpExit;
        private String knownIssue;

        Builder(String kind) {
            this.kind = kind;
        }

        Builder site(Spoil s) {
            this.site = s;
            return this;
        }

        Builder spoil(Spoil s) {
            this.spoil = s;
            return this;
        }

        Builder says(String... words) {
            message.addAll(List.of(words));
            return this;
        }

        Builder fix(String... words) {
            remedy.addAll(List.of(words));
            return this;
        }

        Builder then(int exit, String... command) {
            this.followUp = List.of(command);
            this.followUpExit = exit;
            return this;
        }

        Builder knownIssue(String why) {
            this.knownIssue = why;
            return this;
        }

        BadInput fails(ErrorCode code, int exit) {
            return new BadInput(kind, site, spoil, code, exit, null, List.copyOf(message), List.copyOf(remedy), followUp, followUpExit,
                    knownIssue, null);
        }

        /** A kind check reports without refusing: {@code check} exits {@code exit} with the finding at {@code severity}. */
        BadInput reports(String checkId, Severity severity, int exit) {
            Spoil first = spoil;
            spoil = b -> {
                first.apply(b);
                b.command = "check";
            };
            return new BadInput(kind, site, spoil, null, exit, checkId, List.copyOf(message), List.copyOf(remedy), followUp, followUpExit,
                    knownIssue, severity);
        }

        BadInput blocks(String checkId, int exit) {
            return new BadInput(kind, site, spoil, ErrorCode.CHECK_FAILED, exit, checkId, List.copyOf(message), List.copyOf(remedy),
                    followUp, followUpExit, knownIssue, null);
        }
    }
}
