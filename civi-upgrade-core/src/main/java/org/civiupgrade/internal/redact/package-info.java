/**
 * Keeping secrets out of every text the library writes: the process-wide set of secrets read from
 * sites' settings files ({@link org.civiupgrade.internal.redact.Secrets}) and the SLF4J logger
 * every internal class obtains ({@link org.civiupgrade.internal.redact.Logs}), which masks them in
 * each log line and in the messages of logged exceptions.
 */
package org.civiupgrade.internal.redact;
