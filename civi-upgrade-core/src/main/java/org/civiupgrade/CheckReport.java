package org.civiupgrade;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything the pre-flight checks found, all at once. Producing a report never throws for a
 * failed check; {@link #orThrow()} is the throwing form.
 */
public record CheckReport(List<CheckResult> results) {
    public CheckReport {
        results = List.copyOf(results);
    }

    /** True when no result is a blocker. */
    public boolean passed() {
        return results.stream().noneMatch(CheckResult::isBlocker);
    }

    /** The blockers only. */
    public List<CheckResult> blockers() {
        return results.stream().filter(CheckResult::isBlocker).toList();
    }

    /** The warnings only. */
    public List<CheckResult> warnings() {
        return results.stream().filter(r -> r.severity() == Severity.WARNING).toList();
    }

    /**
     * Returns this report when it passed.
     *
     * @throws UpgradeException {@link ErrorCode#CHECK_FAILED} listing every blocker and its remedy
     */
    public CheckReport orThrow() {
        if (!passed()) {
            String text = blockers().stream()
                    .map(b -> "- " + b.id() + ": " + b.message() + (b.remedy().isEmpty() ? "" : " Fix: " + b.remedy()))
                    .collect(Collectors.joining("\n"));
            throw new UpgradeException(ErrorCode.CHECK_FAILED, blockers().size() + " pre-flight check(s) failed:\n" + text);
        }
        return this;
    }

    /** A readable multi-line summary. */
    public String describe() {
        if (results.isEmpty()) {
            return "No findings.";
        }
        return results.stream().map(r -> r.severity() + " " + r.id() + ": " + r.message()
                + (r.remedy().isEmpty() ? "" : " (fix: " + r.remedy() + ")")).collect(Collectors.joining("\n"));
    }
}
