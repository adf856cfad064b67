package org.civiupgrade.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every message built from a caught I/O failure goes through {@link IoProblems}: the main
 * sources of every module are searched for {@code e.getMessage()} (or {@code e.toString()}) of a
 * variable caught as an {@code IOException} (alone or in a multi-catch), outside log statements.
 */
class IoFailureMessagesTest {
    private static final Pattern USE = Pattern.compile("\\b(\\w+)\\.(getMessage|toString)\\(\\)");

    @Test
    void noMessageIsBuiltFromARawIoExceptionMessage() throws IOException {
        Path repo = Path.of("").toAbsolutePath().getParent();
        List<Path> roots = new ArrayList<>();
        try (Stream<Path> modules = Files.list(repo)) {
            modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).forEach(m -> roots.add(m.resolve("src/main/java")));
        }
        assertThat(roots).as("modules found from " + repo).anySatisfy(r -> assertThat(r.toString()).contains("civi-upgrade-core"))
                .hasSizeGreaterThanOrEqualTo(5);
        List<String> raw = new ArrayList<>();
        int scanned = 0;
        for (Path root : roots) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(root)) {
                files = s.filter(p -> p.toString().endsWith(".java") && !p.endsWith("IoProblems.java")).toList();
            }
            for (Path f : files) {
                scanned++;
                raw.addAll(rawUses(f, Files.readAllLines(f, StandardCharsets.UTF_8)));
            }
        }
        assertThat(scanned).isGreaterThan(100);
        assertThat(raw).as("messages built from an IOException's own text; use IoProblems.describe/remedy/failure").isEmpty();
    }

    @Test
    void theSearchFindsTheKindItLooksFor() {
        List<String> bad = List.of(
                "        } catch (IOException | RuntimeException e) {",
                "            throw new UpgradeException(ErrorCode.FILE_ERROR, \"Cannot read \" + p + \": \" + e.getMessage(), e);");
        assertThat(rawUses(Path.of("Bad.java"), bad)).hasSize(1);
        List<String> logged = List.of("        } catch (IOException e) {", "            LOG.warn(\"x {}\", e.getMessage());");
        assertThat(rawUses(Path.of("Logged.java"), logged)).isEmpty();
        List<String> sql = List.of("        } catch (SQLException e) {", "            throw Sql.error(\"x\" + e.getMessage());");
        assertThat(rawUses(Path.of("Sql.java"), sql)).isEmpty();
    }

    static List<String> rawUses(Path file, List<String> lines) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.contains("LOG.") || line.trim().startsWith("//") || line.trim().startsWith("*")) {
                continue;
            }
            Matcher m = USE.matcher(line);
            while (m.find()) {
                String var = m.group(1);
                Pattern catchOf = Pattern.compile("catch \\(([\\w.| ]+) " + Pattern.quote(var) + "\\)");
                for (int j = i; j >= Math.max(0, i - 40); j--) {
                    Matcher c = catchOf.matcher(lines.get(j));
                    if (c.find()) {
                        if (c.group(1).contains("IOException")) {
                            out.add(file + ":" + (i + 1) + ": " + line.trim());
                        }
                        break;
                    }
                }
            }
        }
        return out;
    }
}
