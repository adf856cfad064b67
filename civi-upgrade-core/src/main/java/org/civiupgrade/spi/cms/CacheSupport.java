package org.civiupgrade.spi.cms;

import org.civiupgrade.spi.CmsAdapter;
import org.civiupgrade.spi.ProcedureStage;
import org.civiupgrade.spi.ProcedureContributor;
import org.civiupgrade.spi.Step;
import org.civiupgrade.Site;

/**
 * A {@link CmsAdapter} capability: clearing the caches that go stale across an upgrade (the
 * CMS's cache tables, CiviCRM's compiled templates and its IDS configuration). Caches are
 * rebuilt on demand, so clearing them needs no undo. Required for {@code clearCaches()} (and so
 * for {@code standard()}) unless an installed {@link ProcedureContributor} contributes that stage.
 *
 * <p>What core does with it: the step of {@link #clearCachesStep(Site)} is the first step of
 * {@link ProcedureStage#CLEAR_CACHES}, after the database upgrade.
 */
public interface CacheSupport {
    /** A step that clears the caches. */
    Step clearCachesStep(Site site);
}
