package org.civiupgrade.testkit;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.civiupgrade.spi.Compensation;
import org.civiupgrade.spi.CompensationContext;

/**
 * Drops a table a step created. Idempotent.
 *
 * @param table the table
 */
@JsonTypeName("testkit.drop-table")
public record DropTable(String table) implements Compensation {
    @Override
    public java.util.Set<String> touches() {
        return java.util.Set.of("db:cms/" + table);
    }

    @Override
    public String describe() {
        return "drop table " + table;
    }

    @Override
    public void apply(CompensationContext context) throws SQLException {
        try (Connection c = context.resources().cmsDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS `" + table + "`");
        }
    }
}
