package org.civiupgrade.spi;

import javax.sql.DataSource;

/**
 * Database access for a site, opened lazily and closed by the engine at the end of a run.
 */
public interface SiteResources {
    /** The CMS database (Drupal's tables). */
    DataSource cmsDatabase();

    /** The CiviCRM database (often the same schema). */
    DataSource civicrmDatabase();
}
