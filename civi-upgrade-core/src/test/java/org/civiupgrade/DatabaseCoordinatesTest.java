package org.civiupgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseCoordinatesTest {
    @Test
    void parsesTheDsnOfATypicalSettingsFile() {
        DatabaseCoordinates c = DatabaseCoordinates.fromDsn("mysql://civi_user:s3cret@localhost/civicrm?new_link=true");
        assertThat(c.user()).isEqualTo("civi_user");
        assertThat(c.password().reveal()).isEqualTo("s3cret");
        assertThat(c.host()).isEqualTo("localhost");
        assertThat(c.port()).isEqualTo(3306);
        assertThat(c.database()).isEqualTo("civicrm");
        assertThat(c.options()).containsEntry("new_link", "true");
    }

    @Test
    void splitsUserInfoAtTheLastAtAndThePasswordAtTheFirstColon() {
        DatabaseCoordinates c = DatabaseCoordinates.fromDsn("mysqli://u:p@ss:w@rd@db.example.org:3307/civi");
        assertThat(c.user()).isEqualTo("u");
        assertThat(c.password().reveal()).isEqualTo("p@ss:w@rd");
        assertThat(c.host()).isEqualTo("db.example.org");
        assertThat(c.port()).isEqualTo(3307);
    }

    @Test
    void decodesPercentEscapesLikeRawurldecodeButKeepsPlus() {
        DatabaseCoordinates c = DatabaseCoordinates.fromDsn("mysql://us%40er:a%2Fb+c%3A@127.0.0.1/x%2Dy");
        assertThat(c.user()).isEqualTo("us@er");
        assertThat(c.password().reveal()).isEqualTo("a/b+c:");
        assertThat(c.database()).isEqualTo("x-y");
    }

    @Test
    void neverShowsThePassword() {
        DatabaseCoordinates c = DatabaseCoordinates.fromDsn("mysql://u:topsecret@h/db");
        assertThat(c.toString()).doesNotContain("topsecret");
        assertThat(c.password().toString()).doesNotContain("topsecret");
        assertThat(c.jdbcUrl()).doesNotContain("topsecret");
        assertThatThrownBy(() -> DatabaseCoordinates.fromDsn("mysql://u:topsecret@h:notaport/db"))
                .isInstanceOf(UpgradeException.class).hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> DatabaseCoordinates.fromDsn("mysql://u:topsecret@h"))
                .isInstanceOf(UpgradeException.class).hasMessageContaining("names no database")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void refusesOtherSchemes() {
        assertThatThrownBy(() -> DatabaseCoordinates.fromDsn("pgsql://u:p@h/db")).isInstanceOf(UpgradeException.class)
                .hasMessageContaining("mysql://");
    }
}
