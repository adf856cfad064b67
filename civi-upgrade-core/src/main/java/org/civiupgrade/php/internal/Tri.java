package org.civiupgrade.php.internal;

/** Three-valued logic: a condition is true, false or only known at run time. */
public enum Tri {
    TRUE, FALSE, UNKNOWN;

    /** {@link #TRUE} or {@link #FALSE}. */
    public static Tri of(boolean b) {
        return b ? TRUE : FALSE;
    }

    /** PHP's {@code !}. */
    public Tri not() {
        return this == UNKNOWN ? UNKNOWN : this == TRUE ? FALSE : TRUE;
    }

    /** PHP's {@code &&}: false as soon as one side is. */
    public Tri and(Tri o) {
        if (this == FALSE || o == FALSE) {
            return FALSE;
        }
        return this == TRUE && o == TRUE ? TRUE : UNKNOWN;
    }
}
