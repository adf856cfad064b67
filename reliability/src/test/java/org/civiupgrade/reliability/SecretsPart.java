package org.civiupgrade.reliability;

import org.civiupgrade.testkit.SecretScan;

/** The secrets part's counters, filled by every part that plants secrets and printed by {@link SecretsTest}. */
final class SecretsPart {
    static final Results RESULTS = new Results("secrets", "scanned_outputs", "scanned_files", "hits");

    private SecretsPart() {
    }

    /** Adds one scan: its texts (outputs), its files and its hits. */
    static void count(SecretScan scan) {
        long files = scan.scanned().stream().filter(p -> p.startsWith("/")).count(); // files are named by their absolute path
        RESULTS.add("scanned_files", (int) files);
        RESULTS.add("scanned_outputs", scan.scanned().size() - (int) files);
        RESULTS.add("hits", scan.hits().size());
    }
}
