package org.civiupgrade.internal.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.civiupgrade.ExtractionLimits;
import org.civiupgrade.UpgradeException;

/** Whatever the archive holds, extraction writes nothing outside the target folder. */
class SafeExtractorPropertiesTest {
    record Entry(int kind, String name, String link) { }

    @Provide
    Arbitrary<List<Entry>> archives() {
        Arbitrary<String> part = Arbitraries.of("civicrm", "..", ".", "a", "b", "", "evil", "/", "c.php", "up");
        Arbitrary<String> anyName = part.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("/", l));
        // mostly names inside the top folder, so that whole archives (and their links) get unpacked
        Arbitrary<String> name = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, Arbitraries.frequency(net.jqwik.api.Tuple.of(5, "a"), net.jqwik.api.Tuple.of(5, "b"), net.jqwik.api.Tuple.of(3, "up"),
                        net.jqwik.api.Tuple.of(3, "c.php"), net.jqwik.api.Tuple.of(1, ".."), net.jqwik.api.Tuple.of(1, ".")).list().ofMinSize(1).ofMaxSize(4)
                        .map(l -> "civicrm/" + String.join("/", l))),
                net.jqwik.api.Tuple.of(1, anyName));
        Arbitrary<String> link = Arbitraries.oneOf(anyName, Arbitraries.of("a", "b", "../b", "a/c.php", "up", "../up/.."), Arbitraries.of("..", "../..", "/tmp", "a/../..", "up/..", ".", "a", "up/../..", "../civicrm/a"));
        return Combinators.combine(Arbitraries.frequency(net.jqwik.api.Tuple.of(5, 0), net.jqwik.api.Tuple.of(2, 1),
                        net.jqwik.api.Tuple.of(3, 2), net.jqwik.api.Tuple.of(1, 4)), name, link).as(Entry::new)
                .list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 300, edgeCases = net.jqwik.api.EdgeCasesMode.NONE)
    void extractionNeverWritesOutsideTheTarget(@ForAll("archives") List<Entry> entries) throws Exception {
        Path base = Files.createTempDirectory("extract-prop");
        try {
            Path sandbox = Files.createDirectories(base.resolve("sandbox"));
            Path target = sandbox.resolve("civicrm");
            Path tgz = base.resolve("a.tar.gz");
            try (TarBuilder t = new TarBuilder(tgz)) {
                for (Entry e : entries) {
                    switch (e.kind()) {
                        case 0 -> t.file(e.name(), "data");
                        case 1 -> t.dir(e.name(), 0755);
                        case 2, 3 -> t.symlink(e.name(), e.link());
                        default -> t.hardlink(e.name(), e.link());
                    }
                }
            } catch (IllegalArgumentException | IOException bad) {
                return; // the writer cannot even express this archive
            }
            try {
                new SafeExtractor(ExtractionLimits.DEFAULT).extract(tgz, "civicrm", target, SafeExtractor.Progress.NONE);
                net.jqwik.api.statistics.Statistics.collect(entries.stream().anyMatch(e -> e.kind() == 2 || e.kind() == 3) ? "unpacked with links" : "unpacked without links");
            } catch (UpgradeException | IOException refused) {
                net.jqwik.api.statistics.Statistics.collect("refused: " + String.valueOf(refused.getMessage()).replaceAll("^[^:]*: ", "").replaceAll("'[^']*'", "X"));
            }
            try (Stream<Path> all = Files.walk(base)) {
                List<Path> outside = all.filter(p -> !p.equals(base) && !p.equals(tgz) && !p.equals(sandbox)
                        && !p.startsWith(target)).toList();
                assertThat(outside).isEmpty();
            }
            if (Files.isDirectory(target)) {
                try (Stream<Path> all = Files.walk(target)) {
                    for (Path p : all.toList()) {
                        if (Files.exists(p)) {
                            assertThat(p.toRealPath()).startsWith(target.toRealPath());
                        }
                    }
                }
            }
        } finally {
            try (Stream<Path> all = Files.walk(base)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
