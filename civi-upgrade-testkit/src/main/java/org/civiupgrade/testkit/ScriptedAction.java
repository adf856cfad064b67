package org.civiupgrade.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.civiupgrade.spi.support.RemoveCreatedDirectories;
import org.civiupgrade.spi.support.MoveBack;
import org.civiupgrade.spi.support.ForwardingStepContext;
import org.civiupgrade.spi.support.RestoreFileContent;
import org.civiupgrade.spi.StepContext;

/**
 * One change a {@link ScriptedStep} makes to a site's files (relative to the site root) or to
 * its CMS database (a key/value table {@code (id INT PRIMARY KEY, v VARBINARY(255))}). Each
 * action records its compensation before changing anything, as real steps must.
 */
public sealed interface ScriptedAction {
    /** Performs the change; {@code undoKey} names the fault point of its compensation. */
    void apply(StepContext context, String undoKey) throws Exception;

    /** Writes (or creates) a file with the given text. */
    record WriteFile(String path, String content) implements ScriptedAction {
        @Override
        public void apply(StepContext context, String undoKey) throws IOException {
            Path file = context.site().root().resolve(path);
            context.record(new ScriptedUndo(undoKey, RestoreFileContent.save(contextWithoutRecord(context), file)));
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
    }

    /** Deletes a file if it exists. */
    record DeleteFile(String path) implements ScriptedAction {
        @Override
        public void apply(StepContext context, String undoKey) throws IOException {
            Path file = context.site().root().resolve(path);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            context.record(new ScriptedUndo(undoKey, RestoreFileContent.save(contextWithoutRecord(context), file)));
            Files.delete(file);
        }
    }

    /** Renames a file or folder when the source exists and the target does not. */
    record Move(String from, String to) implements ScriptedAction {
        @Override
        public void apply(StepContext context, String undoKey) throws IOException {
            Path src = context.site().root().resolve(from);
            Path dst = context.site().root().resolve(to);
            if (!Files.exists(src, LinkOption.NOFOLLOW_LINKS) || Files.exists(dst, LinkOption.NOFOLLOW_LINKS)
                    || dst.startsWith(src)) {
                return;
            }
            RemoveCreatedDirectories.recordBeforeCreating(new ForwardingStepContext(context) {
                @Override
                public void record(org.civiupgrade.spi.Compensation c) {
                    context.record(new ScriptedUndo(undoKey + "/dirs", c));
                }
            }, dst.getParent());
            context.record(new ScriptedUndo(undoKey, new MoveBack(src.toString(), dst.toString())));
            Files.createDirectories(dst.getParent());
            Files.move(src, dst);
        }
    }

    /** Inserts or updates a row of a key/value table. */
    record SetRow(String table, int id, String value) implements ScriptedAction {
        @Override
        public void apply(StepContext context, String undoKey) throws SQLException {
            try (Connection c = context.resources().cmsDatabase().getConnection()) {
                context.record(new ScriptedUndo(undoKey, RestoreRow.capture(c, table, id)));
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO `" + table + "` (id, v) VALUES (?, ?) "
                        + "ON DUPLICATE KEY UPDATE v = VALUES(v)")) {
                    ps.setInt(1, id);
                    ps.setBytes(2, value.getBytes(StandardCharsets.UTF_8));
                    ps.executeUpdate();
                }
            }
        }
    }

    /** Deletes a row of a key/value table. */
    record DeleteRow(String table, int id) implements ScriptedAction {
        @Override
        public void apply(StepContext context, String undoKey) throws SQLException {
            try (Connection c = context.resources().cmsDatabase().getConnection()) {
                context.record(new ScriptedUndo(undoKey, RestoreRow.capture(c, table, id)));
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM `" + table + "` WHERE id = ?")) {
                    ps.setInt(1, id);
                    ps.executeUpdate();
                }
            }
        }
    }

    /** Creates a key/value table if it does not exist. */
    record CreateTable(String table) implements ScriptedAction {
        @Override
        public void apply(StepContext context, String undoKey) throws SQLException {
            try (Connection c = context.resources().cmsDatabase().getConnection(); Statement st = c.createStatement()) {
                try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, table, new String[] {"TABLE"})) {
                    if (rs.next()) {
                        return;
                    }
                }
                context.record(new ScriptedUndo(undoKey, new DropTable(table)));
                st.execute("CREATE TABLE `" + table + "` (id INT PRIMARY KEY, v VARBINARY(255)) ENGINE=InnoDB");
            }
        }
    }

    /**
     * {@link RestoreFileContent#save} records its own compensation; scripted actions wrap it in a
     * {@link ScriptedUndo} instead, so the inner record call is swallowed.
     */
    private static StepContext contextWithoutRecord(StepContext context) {
        return new ForwardingStepContext(context) {
            @Override
            public void record(org.civiupgrade.spi.Compensation compensation) {
                // recorded by the caller, wrapped
            }
        };
    }
}
