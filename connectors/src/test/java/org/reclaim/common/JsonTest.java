package org.reclaim.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void valuesRoundTripWithExactNumbersAndEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "quote \" backslash \\ newline \n tab \t control \u0001 é");
        m.put("amount", new BigDecimal("120.10"));
        m.put("money", Money.parse("84.5"));
        m.put("level", 2);
        m.put("flag", true);
        m.put("nothing", null);
        m.put("list", List.of("a", List.of(), Map.of()));

        String json = Json.write(m);
        Map<String, Object> back = Json.parseObject(json);

        assertThat(json).contains("\"amount\":120.10", "\"money\":84.50", "\\u0001");
        assertThat(back)
                .containsEntry("text", m.get("text"))
                .containsEntry("amount", new BigDecimal("120.10"))
                .containsEntry("money", new BigDecimal("84.50"))
                .containsEntry("level", new BigDecimal("2"))
                .containsEntry("flag", true)
                .containsEntry("nothing", null)
                .containsEntry("list", List.of("a", List.of(), Map.of()));
        assertThat(Json.parseObject(Json.writePretty(m))).isEqualTo(back);
    }

    @Test
    void unicodeEscapesAndWhitespaceAreRead() {
        assertThat(Json.parse(" { \"a\" : [ 1 , -2.5e1 ] , \"b\" : \"\\u00e9\\/\" } "))
                .isEqualTo(
                        Map.of(
                                "a",
                                List.of(new BigDecimal("1"), new BigDecimal("-2.5e1")),
                                "b",
                                "é/"));
    }

    @Test
    void brokenTextIsRefusedWithItsOffset() {
        assertThatThrownBy(() -> Json.parse("{\"a\": tru}")).hasMessageContaining("offset 6");
        assertThatThrownBy(() -> Json.parse("{\"a\": 1} x"))
                .hasMessageContaining("after the value");
        assertThatThrownBy(() -> Json.parse("[1, 2")).hasMessageContaining("unexpected end");
        assertThatThrownBy(() -> Json.parseObject("[]")).hasMessageContaining("object");
        assertThatThrownBy(() -> Json.parse("[".repeat(100)))
                .hasMessageContaining("nested too deep");
    }

    @Test
    void prettyAndCompactFormsComeFromTheOneWriter() {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        java.util.Map<String, Object> inner = new java.util.LinkedHashMap<>();
        inner.put("b", null);
        doc.put("a", java.util.List.of(1, inner));
        doc.put("c", Map.of());
        doc.put("d", "\u00e9");
        assertThat(Json.write(doc))
                .isEqualTo("{\"a\":[1,{\"b\":null}],\"c\":{},\"d\":\"\\u00e9\"}");
        assertThat(Json.writePretty(doc))
                .isEqualTo(
                        """
                {
                  "a": [
                    1,
                    {
                      "b": null
                    }
                  ],
                  "c": {},
                  "d": "\\u00e9"
                }
                """);
        assertThat(Json.write(Json.parseObject(Json.writePretty(doc)))).isEqualTo(Json.write(doc));
    }
}
