package org.civiupgrade.testkit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random scripted actions over {@link ScriptedSite}. */
final class ScriptedPlans {
    private ScriptedPlans() {
    }

    static Arbitrary<ScriptedAction> actions() {
        Arbitrary<String> file = Arbitraries.of(ScriptedSite.FILES);
        Arbitrary<String> table = Arbitraries.of(ScriptedSite.TABLES);
        Arbitrary<Integer> id = Arbitraries.integers().between(1, 7);
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0000', '\u00ff').withChars('\u00e9', '\u20ac')
                .ofMaxLength(20);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Combinators.combine(file, text).as(ScriptedAction.WriteFile::new)),
                net.jqwik.api.Tuple.of(2, file.map(ScriptedAction.DeleteFile::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of("d0", "d1", "f0.txt", "f5.txt"),
                        Arbitraries.of("d3", "d4/moved", "f7.txt")).as(ScriptedAction.Move::new)),
                net.jqwik.api.Tuple.of(4, Combinators.combine(table, id, text).as(ScriptedAction.SetRow::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(table, id).as(ScriptedAction.DeleteRow::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new ScriptedAction.CreateTable("kv_new"))));
    }
}
