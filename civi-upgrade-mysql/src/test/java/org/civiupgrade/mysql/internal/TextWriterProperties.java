package org.civiupgrade.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.WithNull;

class TextWriterProperties {
    @Property
    void writesExactlyWhatTextFormatWritesWhateverTheBufferSize(
            @ForAll @Size(max = 8) List<@Size(max = 8) List<byte @WithNull(0.2) []>> rows,
            @ForAll @IntRange(min = 1, max = 300) int bufferSize) throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        TextWriter w = new TextWriter(actual, bufferSize);
        for (List<byte[]> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    expected.write('\t');
                    w.tab();
                }
                TextFormat.writeField(expected, row.get(i));
                w.field(row.get(i));
            }
            expected.write('\n');
            w.newline();
        }
        long beforeFlush = w.written();
        w.flush();
        assertThat(actual.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(beforeFlush).isEqualTo(expected.size()).isEqualTo(w.written());
    }

    @Property
    void rowsReadBackAsWritten(@ForAll @Size(min = 1, max = 6) List<byte @WithNull(0.2) []> row,
                               @ForAll @IntRange(min = 1, max = 100) int bufferSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextWriter w = new TextWriter(out, bufferSize);
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                w.tab();
            }
            w.field(row.get(i));
        }
        w.newline();
        w.flush();
        List<byte[]> back = TextFormat.readRow(new ByteArrayInputStream(out.toByteArray()));
        assertThat(back).hasSize(row.size());
        for (int i = 0; i < row.size(); i++) {
            assertThat(back.get(i)).isEqualTo(row.get(i));
        }
    }
}
