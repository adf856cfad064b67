package org.civiupgrade;

/**
 * How much a release archive may unpack to before it is refused as unsafe (an archive bomb or
 * the wrong file). The defaults leave ample room for real releases: a 5.x Drupal tarball
 * holds about 30,000 entries and 200 MB.
 *
 * @param maxEntries the most entries (files, folders, links) an archive may hold
 * @param maxBytes   the most bytes its files may hold in total, uncompressed
 */
public record ExtractionLimits(long maxEntries, long maxBytes) {
    /** 500,000 entries, 4 GiB. */
    public static final ExtractionLimits DEFAULT = new ExtractionLimits(500_000, 4L << 30);

    public ExtractionLimits {
        if (maxEntries < 1 || maxBytes < 0) {
            throw new UpgradeException(ErrorCode.INVALID_INPUT, "Extraction limits must be positive (got " + maxEntries
                    + " entries, " + maxBytes + " bytes).");
        }
    }
}
