package dev.litescope.guestbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesTheFiveSpecialCharacters() {
        assertThat(Html.escape("<a href=\"x\" title='y'>&amp;</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
        assertThat(Html.escape("plain ünïcødé 🚀")).isEqualTo("plain ünïcødé 🚀");
    }

    @Test
    void pageEscapesEveryStoredField() {
        Entry hostile = new Entry(7, "<img src=x onerror=alert(1)>", "</p><script>x()</script>", "\"><b>");
        String page = Html.page(new Page(1, List.of(hostile)));
        assertThat(page).doesNotContain("<img", "<script>", "\"><b>")
                .contains("<h2>1 entry</h2>", "&lt;img src=x onerror=alert(1)&gt;", "&lt;/p&gt;&lt;script&gt;");
    }
}
