package dev.litescope.guestbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parsesAllValueKinds() throws Exception {
        Object parsed = Json.parse(" {\"s\":\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude80\", \"n\":-1.5e2, \"z\":0,"
                + " \"t\":true, \"f\":false, \"x\":null, \"a\":[1,[],{}], \"o\":{\"k\":\"v\"}} ");

        assertThat(parsed).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) parsed;
        assertThat(map.get("s")).isEqualTo("a\"b\\c/d\n\té🚀");
        assertThat(map.get("n")).isEqualTo(new BigDecimal("-1.5e2"));
        assertThat(map.get("z")).isEqualTo(BigDecimal.ZERO);
        assertThat(map.get("t")).isEqualTo(true);
        assertThat(map.get("f")).isEqualTo(false);
        assertThat(map.containsKey("x")).isTrue();
        assertThat(map.get("x")).isNull();
        assertThat((List<?>) map.get("a")).hasSize(3);
        assertThat(map.get("o")).isEqualTo(Map.of("k", "v"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "{\"a\"}", "{\"a\":1,}", "[1,]", "01", "1.", "-", ".5", "1e", "tru",
        "\"abc", "\"\\x\"", "\"\\u12\"", "\"a\nb\"", "{a:1}", "{\"a\":1} {}", "'a'", "1e99999999999"})
    void rejectsMalformedInput(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(Json.JsonException.class);
    }

    @Test
    void refusesDeepNestingInsteadOfOverflowingTheStack() {
        char[] deep = new char[100_000];
        Arrays.fill(deep, '[');
        assertThatThrownBy(() -> Json.parse(new String(deep)))
                .isInstanceOf(Json.JsonException.class).hasMessageContaining("nesting");
    }

    @Test
    void quoteEscapesWhatJsonRequiresAndRoundTrips() throws Exception {
        String tricky = "q\" b\\ nl\n cr\r tab\t nul\u0000 bell\u0007 ls\u2028 </script> 🚀";
        String quoted = Json.quote(tricky);
        assertThat(quoted).doesNotContain("\n", "\r", "\t", "\u0000", "\u0007", "\u2028")
                .contains("\\u0000", "\\u0007", "\\u2028");
        assertThat(Json.parse(quoted)).isEqualTo(tricky);
    }
}
