package org.civiupgrade.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import org.civiupgrade.ErrorCode;
import org.civiupgrade.UpgradeException;
import org.civiupgrade.mysql.internal.Manifest;
import org.civiupgrade.spi.db.BackupOptions;
import org.civiupgrade.spi.db.BackupSummary;
import org.civiupgrade.spi.db.RestoreOptions;
import org.civiupgrade.spi.db.VerifyOptions;
import org.civiupgrade.spi.db.VerifyReport;
import org.civiupgrade.testkit.TestDatabase;
import org.civiupgrade.testkit.WithTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

@WithTestDatabase
class RoundTripTest {
    private final MySqlDialect dialect = new MySqlDialect();

    static void edgeTable(HikariDataSource ds) throws Exception {
        Db.exec(ds, "CREATE TABLE edge (id INT NULL, b LONGBLOB, vb VARBINARY(300), t TEXT, v VARCHAR(255) CHARACTER SET utf8mb4,"
                + " l1 VARCHAR(50) CHARACTER SET latin1, dt DATETIME, d DATE, ts TIMESTAMP NULL DEFAULT NULL, ts6 TIMESTAMP(6) NULL DEFAULT NULL,"
                + " bit1 BIT(1), bit13 BIT(13), e ENUM('a','b','ü'), s SET('x','y','z'), dec1 DECIMAL(65,30), dec2 DECIMAL(10,0),"
                + " f DOUBLE, u BIGINT UNSIGNED, tiny TINYINT, yr YEAR, tm TIME(3)) ENGINE=InnoDB");
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        try (Connection c = ds.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET SESSION sql_mode = ''");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO edge VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                Object[][] rows = {
                    {1, all, all, "emoji 😀 tab\t nl\n cr\r backslash\\ \\N NUL\0 end", "Zoë 😀 \\t literal", "café",
                        "0000-00-00 00:00:00", "0000-00-00", "2021-03-28 01:30:00", "2021-10-31 00:59:59.999999", 1, 0b1010101010101, "ü", "x,z",
                        "-99999999999999999999999999999999999.999999999999999999999999999999", "9999999999", 1.7976931348623157E308,
                        "18446744073709551615", -128, 1901, "-838:59:59.000"},
                    {null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null},
                    {2, new byte[0], new byte[0], "", "\\N", "NULL", "1970-01-01 00:00:01", "2024-02-29", "2038-01-19 03:14:07",
                        "1970-01-01 00:00:01.000001", 0, 0, "a", "", "0.000000000000000000000000000001", "-9999999999", -0.0,
                        "0", 127, 2155, "00:00:00.001"},
                };
                for (Object[] r : rows) {
                    for (int i = 0; i < r.length; i++) {
                        ps.setObject(i + 1, r[i]);
                    }
                    ps.executeUpdate();
                }
                // the duplicate of row 1 (no primary key: duplicates must survive)
                for (int i = 0; i < rows[0].length; i++) {
                    ps.setObject(i + 1, rows[0][i]);
                }
                ps.executeUpdate();
                // a 20 MB row full of bytes that need escaping
                byte[] big = new byte[20 * 1024 * 1024];
                new Random(42).nextBytes(big);
                for (int i = 0; i < big.length; i += 97) {
                    big[i] = (byte) "\t\n\\\0".charAt((i / 97) % 4);
                }
                ps.setObject(1, 3);
                ps.setBytes(2, big);
                for (int i = 3; i <= 21; i++) {
                    ps.setObject(i, null);
                }
                ps.executeUpdate();
            }
        }
    }

    @Test
    void edgeCaseTableRoundTripsByteExactThroughBackupVerifyAndRestore(TestDatabase db, @TempDir Path tmp) throws Exception {
        try (HikariDataSource ds = Db.pool(db)) {
            edgeTable(ds);
            List<String> before = Db.rowDigests(ds, db.name(), "edge");
            assertThat(before).hasSize(5);
            Path dir = tmp.resolve("backup");
            BackupSummary s = dialect.backup(ds, dir, BackupOptions.defaults());
            assertThat(s.rows()).isEqualTo(5);
            assertThat(s.tables()).isEqualTo(1);

            VerifyReport report = dialect.verify(ds, dir, VerifyOptions.defaults());
            assertThat(report.tablesCompared()).isEqualTo(1);

            String copy = db.name() + "_copy";
            try {
                dialect.restore(ds, dir, RestoreOptions.full().into(copy));
                assertThat(Db.rowDigests(ds, copy, "edge")).isEqualTo(before);
                assertThat(Db.createTable(ds, copy, "edge")).isEqualTo(Db.createTable(ds, db.name(), "edge"));
            } finally {
                Db.exec(ds, "DROP DATABASE IF EXISTS `" + copy + "`");
            }
        }
    }

    @Test
    void backupFilesAreOwnerOnlyAndTheManifestIsWrittenLast(TestDatabase db, @TempDir Path tmp) throws Exception {
        try (HikariDataSource ds = Db.pool(db)) {
            Db.civicrmSchema(ds, "5.45.0");
            Path dir = tmp.resolve("backup");
            dialect.backup(ds, dir, BackupOptions.defaults());
            assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.getPosixFilePermissions(f)).as(f.toString())
                            .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
                }
            }
            String manifest = Files.readString(dir.resolve("manifest.json"));
            assertThat(manifest).contains("\"civicrmVersion\" : \"5.45.0\"", "civicrm_strip_non_numeric", "civicrm_contact_en_US",
                    "civicrm_contact_after_insert", "\"crc32c\"", "\"checksum\"");
            assertThat(dialect.describeBackup(dir).civicrmVersion()).contains("5.45.0");
        }
    }

    @Test
    void sqlDumpRestoresWithTheStandardClientToTheSameBytes(TestDatabase db, TestDatabase target, @TempDir Path tmp) throws Exception {
        try (HikariDataSource ds = Db.pool(db); HikariDataSource out = Db.pool(target)) {
            edgeTable(ds);
            Db.civicrmSchema(ds, "4.7.31");
            Path dir = tmp.resolve("backup");
            dialect.backup(ds, dir, BackupOptions.defaults());
            Path sql = tmp.resolve("dump.sql");
            try (OutputStream o = Files.newOutputStream(sql)) {
                dialect.writeSqlDump(dir, o);
            }
            Path client = db.server().clientBinary("mariadb").or(() -> db.server().clientBinary("mysql")).orElseThrow();
            ProcessBuilder pb = new ProcessBuilder(client.toString(), "--no-defaults", "--protocol=tcp", "-h", db.server().host(),
                    "-P", String.valueOf(db.server().port()), "-u", target.coordinates().user(), "--max-allowed-packet=256M",
                    target.name()).redirectInput(sql.toFile()).redirectErrorStream(true);
            pb.environment().put("MYSQL_PWD", target.coordinates().password().reveal());
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            for (String t : List.of("edge", "civicrm_contact", "civicrm_email", "log_civicrm_contact", "civicrm_domain")) {
                assertThat(Db.rowDigests(out, target.name(), t)).as(t).isEqualTo(Db.rowDigests(ds, db.name(), t));
            }
            assertThat(Db.column(out, "SELECT civicrm_strip_non_numeric('a1b2')")).containsExactly("12");
            assertThat(Db.column(out, "SELECT COUNT(*) FROM civicrm_contact_en_US")).containsExactly("2");
            assertThat(Db.column(out, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '" + target.name() + "'"))
                    .containsExactly("2");
        }
    }

    @ParameterizedTest
    @EnumSource(BackupOptions.Compression.class)
    void dataFilesAreStandardCompressedFilesOfTheTextTheManifestDescribes(BackupOptions.Compression compression,
                                                                         TestDatabase db, @TempDir Path tmp) throws Exception {
        try (HikariDataSource ds = Db.pool(db)) {
            edgeTable(ds);
            List<String> before = Db.rowDigests(ds, db.name(), "edge");
            Path dir = tmp.resolve("backup");
            dialect.backup(ds, dir, BackupOptions.defaults().withCompression(compression));
            Manifest.TableEntry t = Manifest.read(dir).schemas().get(0).tables().get(0);
            Path file = dir.resolve(t.file());
            byte[] text;
            if (compression == BackupOptions.Compression.ZSTD) {
                assertThat(t.file()).endsWith(".tsv.zst");
                // the zstd frame magic, then the standard command-line tool decodes it (the reference
                // library's stream where the tool is not installed; CI installs it)
                assertThat(Files.readAllBytes(file)).startsWith((byte) 0x28, (byte) 0xB5, (byte) 0x2F, (byte) 0xFD);
                if (onPath("zstd")) {
                    Process p = new ProcessBuilder("zstd", "-dc", file.toString()).start();
                    text = p.getInputStream().readAllBytes();
                    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                    assertThat(p.exitValue()).isZero();
                } else {
                    try (InputStream in = new com.github.luben.zstd.ZstdInputStream(Files.newInputStream(file))) {
                        text = in.readAllBytes();
                    }
                }
            } else {
                assertThat(t.file()).endsWith(".tsv.gz");
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    text = in.readAllBytes();
                }
            }
            CRC32C crc = new CRC32C();
            crc.update(text);
            assertThat(crc.getValue()).isEqualTo(t.crc32c());
            assertThat((long) text.length).isEqualTo(t.dataBytes());
            assertThat(Files.size(file)).isEqualTo(t.fileBytes());

            String copy = db.name() + "_c";
            try {
                dialect.restore(ds, dir, RestoreOptions.full().into(copy));
                assertThat(Db.rowDigests(ds, copy, "edge")).isEqualTo(before);
            } finally {
                Db.exec(ds, "DROP DATABASE IF EXISTS `" + copy + "`");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BackupOptions.Compression.class)
    void aCorruptDataFileIsNeverVerifiedNorRestored(BackupOptions.Compression compression, TestDatabase db, @TempDir Path tmp)
            throws Exception {
        try (HikariDataSource ds = Db.pool(db)) {
            edgeTable(ds);
            Path dir = tmp.resolve("backup");
            dialect.backup(ds, dir, BackupOptions.defaults().withCompression(compression));
            Manifest.TableEntry t = Manifest.read(dir).schemas().get(0).tables().get(0);
            Path file = dir.resolve(t.file());
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                long at = f.length() / 2;
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0x5A);
            }
            assertThatThrownBy(() -> dialect.verify(ds, dir, VerifyOptions.defaults()))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> assertThat(e.getMessage()).contains("edge"));
            String copy = db.name() + "_c";
            try {
                assertThatThrownBy(() -> dialect.restore(ds, dir, RestoreOptions.full().into(copy)))
                        .isInstanceOfSatisfying(UpgradeException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ERROR);
                            assertThat(e.getMessage()).contains("Restoring table", "edge");
                        });
            } finally {
                Db.exec(ds, "DROP DATABASE IF EXISTS `" + copy + "`");
            }
        }
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
    }
}
