package org.civiupgrade.spi;

/**
 * The stages of the documented upgrade procedure, in order. Core builds the CMS steps of
 * OFFLINE, CLEAR_CACHES, ONLINE and REPORT from the capabilities of the site's
 * {@link CmsAdapter} (see there); extensions contribute further steps to the stages they know
 * about through {@link ProcedureContributor}.
 */
public enum ProcedureStage {
    /** Verified backup of the database (the code is kept by the swap). */
    BACKUP,
    /** Maintenance mode on, front page off CiviCRM, integration modules disabled. */
    OFFLINE,
    /** Caches the new code must not see (templates_c, CMS caches). */
    CLEAR_CACHES,
    /** Integration modules back, front page back, maintenance mode as before. */
    ONLINE,
    /** Facts for the post-upgrade report (permissions to review, action items); changes nothing. */
    REPORT
}
