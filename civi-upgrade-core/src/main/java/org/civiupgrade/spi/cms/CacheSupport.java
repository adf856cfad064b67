package org.civiupgrade.spi.cms;

import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.Step;
import org.civiupgrade.Site;

/**
 * A {@link CmsAdapter} capability: clearing the caches that go stale across an upgrade (the
 * CMS's cache tables, CiviCRM's compiled templates and its IDS configuration). Caches are
 * rebuilt on demand, so clearing them needs no undo.
 */
public interface CacheSupport {
    /** A step that clears the caches. */
    Step clearCachesStep(Site site);
}
