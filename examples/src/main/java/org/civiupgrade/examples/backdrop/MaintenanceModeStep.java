package org.civiupgrade.examples.backdrop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.civiupgrade.PlannedAction;
import org.civiupgrade.Reversibility;
import org.civiupgrade.spi.PlanContext;
import org.civiupgrade.spi.Step;
import org.civiupgrade.spi.StepContext;

/**
 * Backdrop's maintenance mode, the {@code maintenance_mode} row of the {@code state} table
 * ({@code state_get('maintenance_mode', FALSE)} in Backdrop's {@code core/cron.php} and
 * {@code menu_execute_active_handler()}). The on-step saves the exact stored bytes in the run
 * folder and stores {@code b:1;} (PHP's {@code serialize(TRUE)}) unless the site is already
 * offline; the off-step writes the saved bytes back (or removes the row when there was none).
 * Each records a {@link RestoreStateValue} before it writes.
 */
final class MaintenanceModeStep implements Step {
    static final String STATE = "maintenance_mode";
    private static final byte[] ON = "b:1;".getBytes(StandardCharsets.US_ASCII);
    private static final String ABSENT = "absent";

    private final boolean on;
    private final String prefix;

    MaintenanceModeStep(boolean on, String prefix) {
        this.on = on;
        this.prefix = prefix;
    }

    @Override
    public String id() {
        return on ? "backdrop.maintenance-on" : "backdrop.maintenance-off";
    }

    @Override
    public String description() {
        return on ? "Put the Backdrop site into maintenance mode" : "Restore Backdrop's maintenance mode as it was before the upgrade";
    }

    @Override
    public Reversibility reversibility() {
        return Reversibility.REVERSIBLE;
    }

    @Override
    public List<PlannedAction> preview(PlanContext context) {
        return List.of(new PlannedAction(id(), on ? "set state maintenance_mode to b:1; unless the site is offline already"
                : "put state maintenance_mode back as it was", "restore the previous bytes of the state row"));
    }

    private static Path saved(Path runDir) {
        return runDir.resolve("backdrop.maintenance_mode.before");
    }

    @Override
    public void apply(StepContext context) throws Exception {
        try (Connection c = context.resources().cmsDatabase().getConnection()) {
            Optional<byte[]> current = RestoreStateValue.read(c, prefix, STATE);
            Optional<byte[]> target;
            if (on) {
                Files.writeString(saved(context.runDir()), current.map(b -> Base64.getEncoder().encodeToString(b)).orElse(ABSENT));
                target = BackdropAdapter.truthy(current) ? current : Optional.of(ON);
            } else {
                if (!Files.exists(saved(context.runDir()))) {
                    context.warn("Backdrop's maintenance mode was not changed by this run; it is left as it is.");
                    return;
                }
                String text = Files.readString(saved(context.runDir())).trim();
                target = text.equals(ABSENT) ? Optional.empty() : Optional.of(Base64.getDecoder().decode(text));
            }
            if (current.isPresent() == target.isPresent() && (current.isEmpty() || Arrays.equals(current.get(), target.get()))) {
                return;
            }
            context.record(RestoreStateValue.of(prefix, STATE, current));
            RestoreStateValue.write(c, prefix, STATE, target);
        }
    }
}
