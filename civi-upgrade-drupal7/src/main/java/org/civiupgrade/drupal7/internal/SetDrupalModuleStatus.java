package org.civiupgrade.drupal7.internal;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.sql.Connection;
import java.util.List;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;

/**
 * Sets {@code system.status} of these modules (and clears Drupal's module-list cache rows).
 *
 * @param prefix  the Drupal table prefix
 * @param modules the module names
 * @param status  1 enabled, 0 disabled
 */
@JsonTypeName("drupal7.set-module-status")
public record SetDrupalModuleStatus(String prefix, List<String> modules, int status) implements Compensation {
    public SetDrupalModuleStatus {
        modules = List.copyOf(modules);
    }

    @Override
    public String describe() {
        return (status == 1 ? "enable" : "disable") + " Drupal modules " + String.join(", ", modules);
    }

    @Override
    public java.util.Set<String> touches() {
        return modules.stream().map(m -> org.civiupgrade.spi.support.Scopes.cmsTable("system", m))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    public void apply(CompensationContext context) throws Exception {
        try (Connection c = context.resources().cmsDatabase().getConnection()) {
            DrupalTables.setModuleStatus(c, prefix, modules, status);
        }
    }
}
