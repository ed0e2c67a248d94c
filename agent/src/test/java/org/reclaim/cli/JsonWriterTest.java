package org.reclaim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reclaim.common.JsonWriter;
import org.reclaim.common.Money;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonWriterTest {

    private static String write(JsonWriterAction action) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonWriter w = new JsonWriter(bytes, 8);
        action.accept(w);
        w.flush();
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    interface JsonWriterAction {
        void accept(JsonWriter w) throws IOException;
    }

    @Test
    void escapesQuotesBackslashesControlCharactersAndNonAscii() throws IOException {
        String text = "a\"b\\c\n\t\r\b\f\u0001\u001f é € 😀 \u007f";
        String json = write(w -> w.beginObject().name("s").value(text).endObject());

        assertThat(json)
                .isEqualTo(
                        "{\"s\":\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001f \\u00e9 \\u20ac "
                                + "\\ud83d\\ude00 \\u007f\"}");
        assertThat(json.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        JsonNode parsed = JsonMapper.builder().build().readTree(json);
        assertThat(parsed.get("s").asString()).isEqualTo(text);
    }

    @Test
    void writesNumbersNullsBooleansListsAndAmounts() throws IOException {
        String json =
                write(
                        w ->
                                w.beginObject()
                                        .name("n")
                                        .value(-1234567890123L)
                                        .name("zero")
                                        .value(0)
                                        .name("min")
                                        .value(Long.MIN_VALUE)
                                        .name("none")
                                        .value((String) null)
                                        .name("noInt")
                                        .value((Integer) null)
                                        .name("t")
                                        .value(true)
                                        .name("list")
                                        .value(List.of("x", "y"))
                                        .name("empty")
                                        .beginArray()
                                        .endArray()
                                        .name("amount")
                                        .value(new Money(-5))
                                        .name("whole")
                                        .value(new Money(1200))
                                        .name("date")
                                        .value(LocalDate.of(2024, 2, 29))
                                        .endObject());

        assertThat(json)
                .isEqualTo(
                        "{\"n\":-1234567890123,\"zero\":0,\"min\":-9223372036854775808,\"none\":null,"
                                + "\"noInt\":null,\"t\":true,\"list\":[\"x\",\"y\"],\"empty\":[],\"amount\":-0.05,"
                                + "\"whole\":12.00,\"date\":\"2024-02-29\"}");
    }

    @Test
    void splicesARawValueAndEndsLines() throws IOException {
        byte[] array = "[{\"a\":1},{\"a\":2}]".getBytes(StandardCharsets.US_ASCII);
        String json =
                write(
                        w -> {
                            w.beginObject()
                                    .name("first")
                                    .value(1)
                                    .name("raw")
                                    .rawValue(new ByteArrayInputStream(array))
                                    .name("after")
                                    .value(2)
                                    .endObject()
                                    .newline();
                            w.beginObject().endObject().newline();
                        });

        assertThat(json).isEqualTo("{\"first\":1,\"raw\":[{\"a\":1},{\"a\":2}],\"after\":2}\n{}\n");
    }

    @Test
    void spoolSpillsToAFileAndReadsBackEverything() throws IOException {
        byte[] expected;
        byte[] read;
        try (Spool spool = new Spool(100)) {
            JsonWriter w = new JsonWriter(spool, 16).beginArray();
            for (int i = 0; i < 1000; i++) w.beginObject().name("i").value(i).endObject();
            w.endArray().flush();
            read = spool.contents().readAllBytes();
        }
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < 1000; i++)
            s.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append('}');
        expected = s.append(']').toString().getBytes(StandardCharsets.US_ASCII);
        assertThat(read).isEqualTo(expected);
    }
}
