package jp.insurer.governance.policy.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuditJsonTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "plain",
                "dt=2026-11-24/part-0.parquet",
                "顧客データ/契約.parquet",
                "quote \" and \\ backslash",
                "line\nbreak\r\ttab\b\f",
                "\u0000\u001f\u007f",
                "sep\u2028\u2029",
                "emoji 😀",
                "lone \ud800 high",
                "lone \udc00 low",
                "/slash/"
            })
    void stringsSurviveARoundTripAndStayOnOneLine(String value) throws Exception {
        StringBuilder out = new StringBuilder("{\"k\":");
        AuditJson.writeString(out, value);
        out.append('}');
        String line = out.toString();
        assertThat(line).doesNotContain("\n", "\r", "\u2028", "\u2029");
        assertThat(line.chars().filter(c -> c < 0x20)).isEmpty();
        // UTF-8 encoding must be lossless too: no lone surrogate reaches the bytes.
        assertThat(new String(line.getBytes("UTF-8"), "UTF-8")).isEqualTo(line);
        assertThat(AuditJson.parse(line)).containsEntry("k", value);
    }

    @Test
    void parsesTheValueKindsOfARecord() throws Exception {
        Map<String, Object> m =
                AuditJson.parse("{\"a\":\"x\", \"b\":-12,\"c\":null,\"d\":[\"p\",\"q\"],\"e\":[],\"f\":0}");
        assertThat(m)
                .containsEntry("a", "x")
                .containsEntry("b", -12L)
                .containsEntry("c", null)
                .containsEntry("d", List.of("p", "q"))
                .containsEntry("e", List.of())
                .containsEntry("f", 0L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        {"a":"x"                | true
        {"a":"x                 | true
        {"a":1,"b":[            | true
        {"a":"\\u00             | true
        ''                      | true
        {"a":"x"} trailing      | false
        {"a":1.5}               | false
        {"a":01}                | false
        {"a":true}              | false
        {"a":1,"a":2}           | false
        {"a":{"b":1}}           | false
        {"a":"\\q"}             | false
        not json                | false
        {"a":99999999999999999999} | false
        """)
    void rejectsAnythingElseAndTellsATruncationApart(String line, boolean atEnd) {
        assertThatThrownBy(() -> AuditJson.parse(line.replace("\\\\", "\\")))
                .isInstanceOfSatisfying(
                        AuditJson.ParseException.class, e -> assertThat(e.atEnd).isEqualTo(atEnd));
    }
}
