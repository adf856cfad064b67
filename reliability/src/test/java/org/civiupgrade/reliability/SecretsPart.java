package org.civiupgrade.reliability;

/** The secrets part's counters, filled by every part that plants secrets and printed by {@link SecretsTest}. */
final class SecretsPart {
    static final Results RESULTS = new Results("secrets", "scanned_outputs", "scanned_files", "hits");

    private SecretsPart() {
    }
}
