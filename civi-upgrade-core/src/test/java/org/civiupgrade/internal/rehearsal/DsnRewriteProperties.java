package org.civiupgrade.internal.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.civiupgrade.DatabaseCoordinates;

/** The rehearsal points the copy's DSNs at the scratch database and changes nothing else of them. */
class DsnRewriteProperties {
    @Property(tries = 300)
    void onlyTheDatabaseChanges(@ForAll("passwords") String password, @ForAll("hosts") String host,
                                @ForAll("options") String options) {
        String user = "civi_user";
        String dsn = "mysql://" + user + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20")
                + "@" + host + "/civicrm_prod" + options;
        String rewritten = Rehearser.withDatabase(dsn, "cuv_rehearsal_0a1b2c");
        DatabaseCoordinates before = DatabaseCoordinates.fromDsn(dsn);
        DatabaseCoordinates after = DatabaseCoordinates.fromDsn(rewritten);
        assertThat(after.database()).isEqualTo("cuv_rehearsal_0a1b2c");
        assertThat(after.user()).isEqualTo(before.user());
        assertThat(after.password().reveal()).isEqualTo(before.password().reveal()).isEqualTo(password);
        assertThat(after.host()).isEqualTo(before.host());
        assertThat(after.port()).isEqualTo(before.port());
        assertThat(rewritten).endsWith("/cuv_rehearsal_0a1b2c" + options);
        assertThat(rewritten.substring(0, rewritten.lastIndexOf('@'))).isEqualTo(dsn.substring(0, dsn.lastIndexOf('@')));
    }

    @Example
    void aRawAtAndSlashInThePasswordStayInTheUserPart() {
        assertThat(Rehearser.withDatabase("mysqli://u:p/a@ss@db.example.org:3307/civi?new_link=true", "scratch"))
                .isEqualTo("mysqli://u:p/a@ss@db.example.org:3307/scratch?new_link=true");
    }

    @Provide
    Arbitrary<String> passwords() {
        return Arbitraries.strings().withChars("abcXYZ019@/:?#%&+ '\"\\").ofMinLength(1).ofMaxLength(16);
    }

    @Provide
    Arbitrary<String> hosts() {
        return Arbitraries.of("localhost", "127.0.0.1", "db.example.org:3307", "mysql:3306");
    }

    @Provide
    Arbitrary<String> options() {
        return Arbitraries.of("", "?new_link=true", "?new_link=true&ssl=1");
    }
}
