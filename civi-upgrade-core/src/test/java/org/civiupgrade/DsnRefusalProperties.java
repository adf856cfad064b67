package org.civiupgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.civiupgrade.settings.SettingsFile;

/**
 * Malformed CiviCRM DSNs are refused without any part of the user-info in the message, the
 * remedy or the cause chain; Unix sockets and passwords that are not UTF-8 are refused clearly,
 * never mangled into another host or other bytes.
 */
class DsnRefusalProperties {
    /** Ways to break a DSN around a user and a password (the password is planted, unique). */
    private static final List<Function<String[], String>> BREAKAGES = List.of(
            p -> "mysql://" + p[0] + ":" + p[1] + "/civicrm?new_link=true",                 // no @host
            p -> "mysql://" + p[0] + ":" + p[1] + "@db.example.org:" + p[1] + "/civicrm",   // the password as port
            p -> "mysql:" + p[0] + ":" + p[1] + "@localhost/civicrm",                      // no //
            p -> "mysql:/" + p[0] + ":" + p[1] + "@localhost/civicrm",                     // one /
            p -> "mysqli://" + p[0] + ":" + p[1] + "@localhost",                          // no database
            p -> "mysql://" + p[0] + ":" + p[1] + "@localhost:/civicrm",                  // empty port
            p -> "mysql://" + p[0] + ":" + p[1] + "@:99999/civicrm",                      // empty host, port out of range
            p -> "mysql://" + p[0] + ":" + p[1] + "%E9@localhost/civicrm",                // escape of a Latin-1 byte
            p -> "mysql://" + p[0] + ":" + p[1] + "\uFFFD@localhost/civicrm",             // a Latin-1 file's byte
            p -> "mysql://" + p[0] + ":" + p[1] + "@unix(/run/mysqld/mysqld.sock)/civicrm", // Unix socket
            p -> "mysql://" + p[0] + ":" + p[1] + "@sock+localhost/civicrm",              // another protocol
            p -> "mysql://" + p[0] + ":" + p[1] + "@x(localhost)/civicrm",                // another protocol
            p -> "pgsql://" + p[0] + ":" + p[1] + "@localhost/civicrm",                   // not MySQL
            p -> "mysql://" + p[0] + ":" + p[1] + "/" + p[1] + ":" + p[1] + "/db",        // no @, colons
            p -> "mysql://" + p[0] + "@" + p[1] + ":" + p[1] + "@h:" + p[1] + "/db");     // extra @, bad port

    @Provide
    Arbitrary<String[]> credentials() {
        Arbitrary<String> user = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(0).ofMaxLength(6).map(s -> "Us" + s + "R5");
        // a letter keeps the planted password from being a valid port; '?', ':' and '/' stress the split rules
        Arbitrary<String> password = Arbitraries.strings().withChars("abcXYZ019?:/!.-_~").ofMinLength(0).ofMaxLength(10)
                .map(s -> "Pw" + s + "Q7");
        return Combinators.combine(user, password).as((u, p) -> new String[] {u, p});
    }

    @Property(tries = 2000)
    void noRefusalShowsAnyPartOfTheUserInfo(@ForAll("credentials") String[] cred,
                                            @ForAll("breakage") Function<String[], String> breakage) {
        String dsn = breakage.apply(cred);
        int at = dsn.lastIndexOf('@');
        String userPart = at < 0 ? "" : dsn.substring(0, at).replaceFirst("^[a-z]+:/*", "").split(":", 2)[0];
        if (!userPart.contains(cred[1])) { // the user as CiviCRM reads it is shown, the rest never
            assertThat(org.civiupgrade.settings.Dsn.redact(dsn)).doesNotContain(cred[1]);
        }
        assertThatThrownBy(() -> DatabaseCoordinates.fromDsn(dsn)).isInstanceOfSatisfying(UpgradeException.class, e -> {
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(t.getMessage()).doesNotContain(cred[1]).doesNotContain(cred[0]);
                if (t instanceof UpgradeException u && u.remedy() != null) {
                    assertThat(u.remedy()).doesNotContain(cred[1]);
                }
            }
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        });
    }

    @Provide
    Arbitrary<Function<String[], String>> breakage() {
        return Arbitraries.of(BREAKAGES);
    }

    @Example
    void theTestersMissingAtIsRefusedWithoutThePassword() {
        assertThatThrownBy(() -> DatabaseCoordinates.fromDsn("mysql://civi:Secr3tPw/civicrm?new_link=true"))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.getMessage()).contains("port").contains("no '@'").doesNotContain("Secr3tPw");
                    assertThat(e.remedy()).doesNotContain("Secr3tPw");
                });
    }

    @Example
    void aBrokenIpv6BracketIsRefusedNeverReadAsLocalhost() {
        for (String dsn : List.of("mysql://u:Pw9secret@[::1/civi", "mysql://u:Pw9secret@[/civi", "mysql://u:Pw9secret@[]:3306/civi",
                "mysql://u:Pw9secret@[::1]x/civi", "mysql://u:Pw9secret@[::1]3306/civi", "mysql://u:Pw9secret@[::1]:/civi")) {
            assertThatThrownBy(() -> DatabaseCoordinates.fromDsn(dsn)).as(dsn).isInstanceOfSatisfying(UpgradeException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                assertThat(e.getMessage()).doesNotContain("Pw9secret");
                assertThat(e.remedy()).doesNotContain("Pw9secret");
            });
        }
        DatabaseCoordinates ok = DatabaseCoordinates.fromDsn("mysql://u:p@[::1]:3307/civi?new_link=true");
        assertThat(ok.host() + " " + ok.port()).isEqualTo("::1 3307");
        assertThat(DatabaseCoordinates.fromDsn("mysql://u:p@[fe80::1]/civi").port()).isEqualTo(3306);
    }

    @Example
    void aUnixSocketIsParsedAndRefusedNeverMangledIntoAHost() {
        for (String dsn : List.of("mysql://u:p@unix(/var/run/mysqld/mysqld.sock)/civi?new_link=true",
                "mysqli://u:p@unix(/tmp/m.sock)civi", "mysql://u:p@UNIX(/s)/civi")) {
            assertThatThrownBy(() -> DatabaseCoordinates.fromDsn(dsn)).isInstanceOfSatisfying(UpgradeException.class, e -> {
                assertThat(e.getMessage()).contains("Unix socket").contains("TCP");
                assertThat(e.remedy()).contains("host and port");
            });
        }
        DatabaseCoordinates tcp = DatabaseCoordinates.fromDsn("mysql://u:p@tcp(db.example.org:3310)/civi?new_link=true");
        assertThat(tcp.host()).isEqualTo("db.example.org");
        assertThat(tcp.port()).isEqualTo(3310);
        assertThat(tcp.database()).isEqualTo("civi");
        assertThat(tcp.options()).containsEntry("new_link", "true");
        assertThat(DatabaseCoordinates.fromDsn("mysql://u:p@tcp+db2:3311/civi").host()).isEqualTo("db2");
    }

    @Example
    void aLatin1PasswordInCivicrmSettingsPhpIsRefusedNotTurnedIntoOtherBytes() {
        byte[] file = "<?php\ndefine('CIVICRM_DSN', 'mysql://u:caf#@h/db?new_link=true');\n".getBytes(StandardCharsets.ISO_8859_1);
        file[new String(file, StandardCharsets.ISO_8859_1).indexOf('#')] = (byte) 0xE9;
        SettingsFile s = SettingsFile.parse(file);
        assertThatThrownBy(() -> s.requireDatabase("CIVICRM_DSN", "civicrm.settings.php"))
                .isInstanceOfSatisfying(UpgradeException.class, e -> {
                    assertThat(e.getMessage()).contains("password is not valid UTF-8").doesNotContain("caf");
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("caf");
                    }
                });
        // the same password in UTF-8, and as %XX of its UTF-8 bytes, reads back exactly
        assertThat(DatabaseCoordinates.fromDsn("mysql://u:caf\u00e9@h/db").password().reveal()).isEqualTo("caf\u00e9");
        assertThat(DatabaseCoordinates.fromDsn("mysql://u:caf%C3%A9@h/db").password().reveal()).isEqualTo("caf\u00e9");
        assertThatThrownBy(() -> DatabaseCoordinates.fromDsn("mysql://u:caf%E9@h/db")).hasMessageContaining("not valid UTF-8");
    }

    @Example
    void civicrmSettingsPhpWithAMalformedOrSocketDsnIsRefusedWithoutThePassword() {
        for (String dsn : List.of("mysql://civi:Secr3tPw/civicrm?new_link=true", "mysql://civi:Secr3tPw@unix(/run/m.sock)/civicrm",
                "mysql://civi:Secr3tPw@db:Secr3tPw/civicrm")) {
            SettingsFile s = SettingsFile.parse(("<?php\ndefine('CIVICRM_DSN', '" + dsn + "');\n").getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> s.requireDatabase("CIVICRM_DSN", "civicrm.settings.php"))
                    .isInstanceOfSatisfying(UpgradeException.class, e -> {
                        assertThat(e.getMessage()).contains("civicrm.settings.php").doesNotContain("Secr3tPw");
                        assertThat(e.remedy()).doesNotContain("Secr3tPw");
                    });
        }
    }
}
