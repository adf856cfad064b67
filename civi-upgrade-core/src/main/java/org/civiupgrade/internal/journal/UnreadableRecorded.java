package org.civiupgrade.internal.journal;

import org.civiupgrade.spi.support.IoProblems;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.internal.json.Json;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;

/** A recorded compensation whose data this process cannot turn back into an object. */
final class UnreadableRecorded {
    private UnreadableRecorded() {
    }

    static JournalEntry.Recorded parse(String line, String why) {
        try {
            JsonNode node = Json.mapper().readTree(line);
            String description = node.path("description").asText("(no description)");
            return new JournalEntry.Recorded(Instant.parse(node.path("at").asText(Instant.EPOCH.toString())),
                    node.path("seq").asInt(), node.path("stepId").asText("?"), description,
                    new Missing(description, why));
        } catch (IOException | RuntimeException e) {
            throw IoProblems.failure(ErrorCode.JOURNAL_FAILED, "Journal line cannot be read", e);
        }
    }

    /** Stands in for a compensation whose class is missing; applying it fails with what to do by hand. */
    record Missing(String description, String why) implements Compensation {
        @Override
        public String describe() {
            return description;
        }

        @Override
        public void apply(CompensationContext context) {
            throw new UpgradeException(ErrorCode.ROLLBACK_INCOMPLETE, "This process cannot read the recorded compensation ("
                    + why + "). Put the extension that recorded it on the class path and recover again, or do by hand: "
                    + description);
        }
    }
}
