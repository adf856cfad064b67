package org.civiupgrade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
    private static List<SqlScript.Sql> split(String script) throws Exception {
        SqlScript s = new SqlScript(new BufferedReader(new StringReader(script)));
        List<SqlScript.Sql> out = new ArrayList<>();
        for (SqlScript.Sql sql = s.next(); sql != null; sql = s.next()) {
            out.add(sql);
        }
        return out;
    }

    @Test
    void splitsAsTheClientDoesWithDelimitersQuotesAndComments() throws Exception {
        List<SqlScript.Sql> sqls = split("""
                -- MySQL dump
                /*!40101 SET NAMES utf8 */;
                # a hash comment
                /* a plain comment; with a semicolon */
                INSERT INTO t VALUES ('a;b','it\\'s','-- not a comment',"x;y"),(`c;d`);
                DELIMITER ;;
                /*!50003 CREATE*/ /*!50017 DEFINER=`u`@`localhost`*/ /*!50003 TRIGGER tr AFTER INSERT ON t FOR EACH ROW BEGIN
                  SET @a = 1; SET @b = 2;
                END */;;
                DELIMITER ;
                SELECT 1; SELECT 2;
                """);
        assertThat(sqls).extracting(SqlScript.Sql::text).containsExactly(
                "/*!40101 SET NAMES utf8 */",
                "INSERT INTO t VALUES ('a;b','it\\'s','-- not a comment',\"x;y\"),(`c;d`)",
                "/*!50003 CREATE*/ /*!50017 DEFINER=`u`@`localhost`*/ /*!50003 TRIGGER tr AFTER INSERT ON t FOR EACH ROW BEGIN\n"
                        + "  SET @a = 1; SET @b = 2;\nEND */",
                "SELECT 1",
                "SELECT 2");
        assertThat(sqls).extracting(SqlScript.Sql::line).containsExactly(2, 5, 7, 11, 11);
    }

    @Test
    void aStringSpanningLinesKeepsItsNewline() throws Exception {
        assertThat(split("INSERT INTO t VALUES ('a\n;b');\n")).extracting(SqlScript.Sql::text)
                .containsExactly("INSERT INTO t VALUES ('a\n;b')");
    }
}
