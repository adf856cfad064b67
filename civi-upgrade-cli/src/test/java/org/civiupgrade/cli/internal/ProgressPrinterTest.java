package org.civiupgrade.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.civiupgrade.RunStatus;
import org.civiupgrade.event.UpgradeEvent;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    private final StringWriter err = new StringWriter();
    private final ProgressPrinter printer = new ProgressPrinter(new Console(new PrintWriter(new StringWriter()),
            new PrintWriter(err), false, false, "recover"));

    @Test
    void eachUndoIsShownWhenItStartsAndThenItsOutcome() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<UpgradeEvent> events = List.of(
                new UpgradeEvent.RunStarted("r1", t, "site", List.of("swap-code", "migrate-database"), true),
                new UpgradeEvent.RollbackStarted("r1", t, 2),
                new UpgradeEvent.CompensationStarted("r1", t, "migrate-database", "restore civicrm_contact from the backup"),
                new UpgradeEvent.CompensationApplied("r1", t, "migrate-database", "restore civicrm_contact from the backup"),
                new UpgradeEvent.CompensationStarted("r1", t, "swap-code", "move the old code back"),
                new UpgradeEvent.CompensationFailed("r1", t, "swap-code", "move the old code back", "permission denied"),
                new UpgradeEvent.RollbackFinished("r1", t, 1, 1),
                new UpgradeEvent.RunFinished("r1", t, RunStatus.ROLLBACK_INCOMPLETE, Duration.ofSeconds(3)));

        events.forEach(printer::onEvent);

        assertThat(err.toString().lines().toList()).containsExactly(
                "Recovering run r1 from its journal",
                "Rolling back 2 recorded change(s), newest first",
                "  undoing [migrate-database]: restore civicrm_contact from the backup",
                err.toString().lines().toList().get(3),
                "  undoing [swap-code]: move the old code back",
                "      NOT undone [swap-code]: move the old code back: permission denied",
                "Rollback finished: 1 undone, 1 failed");
        assertThat(err.toString().lines().toList().get(3)).matches(" {6}undone in \\d+\\.\\d s");
    }
}
