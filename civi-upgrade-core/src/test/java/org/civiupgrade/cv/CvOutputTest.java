package org.civiupgrade.cv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Output as cv upgrade:db -v prints it (Symfony console, undecorated). */
class CvOutputTest {
    static final List<String> SUCCESS = List.of(
            "Found CiviCRM database version 4.4.0.", "Found CiviCRM code version 4.5.0.", "Checking pre-upgrade messages...",
            "(No messages)", "Dropping SQL triggers...", "Preparing upgrade...", "Executing upgrade...",
            "Upgrade DB to 4.4.1: SQL", "Upgrade DB to 4.5.alpha1: SQL", "Finish Upgrade DB to 4.5.0", "Finishing upgrade...",
            "Upgrade to 4.5.0 completed.", "Checking post-upgrade messages...", "(No messages)", "Have a nice day.");

    static final List<String> FAILURE = List.of(
            "Found CiviCRM database version 4.4.0.", "Executing upgrade...", "Upgrade DB to 4.4.1: SQL",
            "Error executing task \"Upgrade DB to 4.4.1: SQL\"", "", "In DB.php line 982:", "",
            "  [PEAR_Exception]                                      ",
            "  DB Error: Table 'civicrm_x' already exists            ", "", "Exception trace:", "  at ...");

    @Test
    void recognisesSuccessAndTasks() {
        assertThat(CvOutput.succeeded(SUCCESS)).isTrue();
        assertThat(CvOutput.tasks(SUCCESS)).containsExactly("Upgrade DB to 4.4.1: SQL", "Upgrade DB to 4.5.alpha1: SQL", "Finish Upgrade DB to 4.5.0");
        assertThat(CvOutput.succeeded(List.of("You are already upgraded to CiviCRM 4.5.0"))).isTrue();
    }

    @Test
    void extractsTheFailingTaskAndItsMessage() {
        assertThat(CvOutput.succeeded(FAILURE)).isFalse();
        assertThat(CvOutput.failedTask(FAILURE)).contains("Upgrade DB to 4.4.1: SQL");
        assertThat(CvOutput.errorMessage(FAILURE)).isEqualTo("DB Error: Table 'civicrm_x' already exists");
        assertThat(CvOutput.errorMessage(List.of("", "  [Exception]  ", "  Cannot begin upgrade: incomplete upgrade pending.", "")))
                .isEqualTo("Cannot begin upgrade: incomplete upgrade pending.");
        assertThat(CvOutput.errorMessage(List.of("PHP Fatal error: x", "exit"))).isEqualTo("PHP Fatal error: x | exit");
    }
}
