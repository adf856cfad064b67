package org.civiupgrade.php;

import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;

/**
 * Bytes that are not a value PHP's {@code serialize()} writes. The message names the byte
 * offset and what was expected there; it never quotes more than a few bytes of the input.
 */
public final class PhpFormatException extends UpgradeException {
    private static final long serialVersionUID = 1L;
    private final int offset;

    PhpFormatException(int offset, String problem) {
        super(ErrorCode.INVALID_INPUT, "Malformed PHP serialized value at byte " + offset + ": " + problem + ".",
                "The stored value is not in PHP serialize() format; fix or re-save it in the CMS.", null);
        this.offset = offset;
    }

    /** The byte offset of the problem. */
    public int offset() {
        return offset;
    }
}
