package org.civiupgrade.smoketest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.civiupgrade.Site;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.internal.journal.JournalEntry;
import org.civiupgrade.internal.json.Json;
import org.civiupgrade.spi.Compensation;

/**
 * Prints what the module layer offers, one fact a line, for the test that launched it:
 * {@code service <SPI>: <provider classes>}, {@code detect: <message>} and
 * {@code roundtrip <compensation class>: ok}. Any failure ends the process with a stack trace.
 */
public final class Main {
    private static final List<Class<?>> SERVICES = List.of(
            org.civiupgrade.spi.CmsAdapter.class,
            org.civiupgrade.spi.CompensationTypes.class,
            org.civiupgrade.spi.DatabaseDialect.class,
            org.civiupgrade.spi.DataSourceFactory.class,
            org.civiupgrade.spi.ProcedureContributor.class,
            org.civiupgrade.spi.SchemaUpgrader.class,
            org.civiupgrade.spi.SettingsEditor.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("layer: " + Main.class.getModule().getLayer().modules().stream()
                .map(m -> m.getName()).sorted().collect(Collectors.joining(",")));
        for (Class<?> service : SERVICES) {
            // instantiate every provider: a missing opens/exports or constructor shows here
            String providers = ServiceLoader.load(service).stream()
                    .map(p -> {
                        Object instance = p.get();
                        return instance.getClass().getName() + "@" + instance.getClass().getModule().getName();
                    })
                    .sorted().collect(Collectors.joining(","));
            System.out.println("service " + service.getName() + ": " + providers);
        }
        // the core's own ServiceLoader use (its `uses` clause), through the public API
        Path empty = Files.createTempDirectory("civi-upgrade-smoke");
        try {
            Site.detect(empty);
            System.out.println("detect: recognised an empty folder");
        } catch (UpgradeException e) {
            System.out.println("detect: " + e.code() + " " + e.getMessage());
        } finally {
            Files.delete(empty);
        }
        for (Compensation compensation : Compensations.oneOfEachModule()) {
            JournalEntry written = new JournalEntry.Recorded(Instant.parse("2026-01-01T00:00:00Z"), 1, "smoke",
                    compensation.describe(), compensation);
            String line = Json.writeLine(written);
            JournalEntry read = Json.read(line, JournalEntry.class);
            if (!written.equals(read)) {
                throw new AssertionError("journal round trip changed " + written + " into " + read + " via " + line);
            }
            System.out.println("roundtrip " + compensation.getClass().getName() + ": ok " + line);
        }
    }
}
