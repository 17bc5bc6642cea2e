package dev.litescope.ui.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.sql.SchemaReader;
import dev.litescope.sql.SqlDatabase;
import dev.litescope.sql.SqlFixture;
import dev.litescope.ui.console.Completion.Candidate;
import dev.litescope.ui.console.Completion.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionTest {
    static final Completions NAMES = new Completions(List.of("orders", "users", "order items"),
            Map.of("users", List.of("id", "name", "email"), "orders", List.of("id", "user_id", "total"),
                    "order items", List.of("order_id", "sku"), "recent", List.of("id", "when")),
            List.of("recent"), List.of("upper", "unicode"));

    static Optional<Completion> at(String textWithCaret) {
        int caret = textWithCaret.indexOf('|');
        return Completion.at(textWithCaret.replace("|", ""), caret, NAMES);
    }

    static List<String> names(String textWithCaret) {
        return at(textWithCaret).orElseThrow().candidates().stream().map(Candidate::name).toList();
    }

    @Test
    void theWordBeforeTheCaretIsReplacedAndFiltersByPrefixIgnoringCase() {
        Completion c = at("select * from US|").orElseThrow();
        assertThat(c.start()).isEqualTo(14);
        assertThat(c.end()).isEqualTo(16);
        assertThat(c.prefix()).isEqualTo("US");
        assertThat(c.candidates()).extracting(Candidate::name).containsExactly("users", "user_id", "USING");
        assertThat(c.candidates()).extracting(Candidate::kind).containsExactly(Kind.TABLE, Kind.COLUMN, Kind.KEYWORD);
    }

    @Test
    void aCaretInsideAWordFiltersByWhatIsBeforeItAndReplacesTheWholeWord() {
        Completion c = at("select * from us|rs where").orElseThrow();
        assertThat(c.prefix()).isEqualTo("us");
        assertThat(c.start()).isEqualTo(14);
        assertThat(c.end()).isEqualTo(18);
    }

    @Test
    void tablesComeBeforeViewsColumnsFunctionsAndKeywords() {
        assertThat(names("select u|")).containsExactly("users", "user_id", "unicode", "upper", "UNBOUNDED", "UNION",
                "UNIQUE", "UPDATE", "USING");
        assertThat(names("select r|")).startsWith("recent");
        assertThat(at("select r|").orElseThrow().candidates().get(0).kind()).isEqualTo(Kind.VIEW);
    }

    @Test
    void anEmptyWordOffersEverythingAndAColumnSharedByTablesOnce() {
        List<String> all = names("select |");
        assertThat(all).startsWith("order items", "orders", "users", "recent");
        assertThat(all.stream().filter("id"::equals)).hasSize(1);
        assertThat(all).contains("SELECT", "upper");
    }

    @Test
    void afterATableAndADotOnlyItsColumns() {
        assertThat(names("select users.|")).containsExactly("id", "name", "email");
        assertThat(names("select USERS.e|")).containsExactly("email");
        assertThat(names("select \"order items\".|")).containsExactly("order_id", "sku");
    }

    @Test
    void anAliasInTheStatementStandsForItsTable() {
        assertThat(names("select u.| from users u")).containsExactly("id", "name", "email");
        assertThat(names("select o.t| from orders as o join users u on u.id = o.user_id")).containsExactly("total");
        // The alias of another statement does not count.
        assertThat(names("select * from orders o; select o.|")).isEmpty();
        assertThat(names("select x.| from users u")).isEmpty();
    }

    @Test
    void aSchemaNameOffersTablesAndViews() {
        assertThat(names("select * from main.|")).containsExactly("order items", "orders", "users", "recent");
    }

    @Test
    void nothingInsideStringsCommentsOrQuotedNames() {
        assertThat(at("select 'us|")).isEmpty();
        assertThat(at("select 'us|'")).isEmpty();
        assertThat(at("-- us|")).isEmpty();
        assertThat(at("/* us| */")).isEmpty();
        assertThat(at("select \"us|")).isEmpty();
        assertThat(at("select 'a' |")).isPresent();
        assertThat(at("/* c */ s|").orElseThrow().candidates()).extracting(Candidate::name).contains("SELECT");
    }

    @Test
    void namesThatNeedQuotesAreInsertedQuoted() {
        Candidate spaced = at("select * from ord|").orElseThrow().candidates().stream()
                .filter(c -> c.name().equals("order items")).findFirst().orElseThrow();
        assertThat(spaced.insert()).isEqualTo("\"order items\"");
        assertThat(Completion.quoteIfNeeded("users")).isEqualTo("users");
        assertThat(Completion.quoteIfNeeded("_x$1")).isEqualTo("_x$1");
        assertThat(Completion.quoteIfNeeded("when")).isEqualTo("\"when\"");
        assertThat(Completion.quoteIfNeeded("Order")).isEqualTo("\"Order\"");
        assertThat(Completion.quoteIfNeeded("1st")).isEqualTo("\"1st\"");
        assertThat(Completion.quoteIfNeeded("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Completion.quoteIfNeeded("")).isEqualTo("\"\"");
        assertThat(Completion.quoteIfNeeded("naïve")).isEqualTo("naïve");
    }

    @Test
    void theCaretIsClampedToTheText() {
        assertThat(Completion.at("sel", 99, NAMES).orElseThrow().prefix()).isEqualTo("sel");
        assertThat(Completion.at("", 0, Completions.NONE).orElseThrow().candidates()).hasSize(147);
    }

    @Test
    void namesComeFromARealDatabasesSchema(@TempDir Path tmp) throws Exception {
        Completions names;
        try (SqlDatabase db = SqlDatabase.open(SqlFixture.create(tmp.resolve("people.db")),
                SqlDatabase.Access.READ_ONLY)) {
            names = Completions.of(SchemaReader.read(db));
        }
        assertThat(names.tables()).containsExactlyInAnyOrder("people", "odd \"name\"", "kv", "empty");
        assertThat(names.views()).containsExactly("people_view");
        assertThat(names.columnsOf("PEOPLE")).containsExactly("id", "name", "score", "note", "photo");
        assertThat(names.columnsOf("people_view")).containsExactly("id");
        assertThat(names.columnsOf("nowhere")).isEmpty();
        assertThat(names.functions()).contains("upper", "json_extract");
        assertThat(names.hasRelation("People_View")).isTrue();
        assertThat(Completion.at("select * from o", 15, names).orElseThrow().candidates())
                .extracting(Candidate::insert).startsWith("\"odd \"\"name\"\"\"");
    }

    @Test
    void lineNumbersArePaddedToTheWidestOne() {
        assertThat(LineNumbers.pad(7, 3)).isEqualTo("  7");
        assertThat(LineNumbers.pad(123, 3)).isEqualTo("123");
        assertThat(LineNumbers.pad(1000, 3)).isEqualTo("1000");
    }
}
