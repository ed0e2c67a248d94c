package org.reclaim.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void recordsRememberTheLineTheyStartOnAcrossQuotedLineBreaksAndBlankLines() {
        List<Csv.Record> records = Csv.records("\uFEFFa,b\r\n\n\"x\ny\",\"say \"\"hi\"\"\"\n3,\n");
        assertThat(records)
                .containsExactly(
                        new Csv.Record(1, List.of("a", "b")),
                        new Csv.Record(3, List.of("x\ny", "say \"hi\"")),
                        new Csv.Record(5, List.of("3", "")));
    }

    @Test
    void malformedTextNamesItsLine() {
        assertThatThrownBy(() -> Csv.records("a,b\nx,\"open\n"))
                .isInstanceOf(Csv.Malformed.class)
                .hasMessage("line 2: a quoted field is never closed");
        assertThatThrownBy(() -> Csv.records("a\nb\"c\n"))
                .isInstanceOf(Csv.Malformed.class)
                .hasMessage("line 2: a quote inside an unquoted field");
        assertThatThrownBy(() -> Csv.records("\"a\"b\n", 7))
                .isInstanceOf(Csv.Malformed.class)
                .hasMessage("line 7: text after a closing quote");
    }
}
