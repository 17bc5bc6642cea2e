package dev.litescope.ui.console;

import dev.litescope.sql.SqlLexer;
import dev.litescope.sql.SqlScript;
import dev.litescope.sql.SqlToken;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What completing at the caret offers, worked out from the text alone (no JavaFX): the word before the caret is
 * replaced by the chosen name, and the names are those that start with it, ASCII case ignored: tables, views,
 * columns, functions, then keywords, each in name order. After {@code name.} only the columns of that table or view
 * are offered, {@code name} being the table itself or an alias the statement gives it ({@code FROM users u} or
 * {@code FROM users AS u}); after {@code main.} or {@code temp.} the tables and views. Nothing is offered inside a
 * string, a comment or a quoted name.
 *
 * @param start where the replaced word starts
 * @param end where it ends: the caret, or past it when the caret is inside a word (the whole word is replaced)
 * @param prefix the word typed so far
 */
public record Completion(int start, int end, String prefix, List<Candidate> candidates) {

    /** What a candidate names; the popup shows it beside the name. */
    public enum Kind {
        TABLE, VIEW, COLUMN, FUNCTION, KEYWORD;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One name to offer: as shown, and as inserted (quoted when SQL needs it). */
    public record Candidate(String name, Kind kind, String insert) {
    }

    public Completion {
        candidates = List.copyOf(candidates);
    }

    /** What to offer at {@code caret} in {@code text}; empty inside a string, comment or quoted name. */
    public static Optional<Completion> at(String text, int caret, Completions names) {
        caret = Math.max(0, Math.min(caret, text.length()));
        List<SqlToken> tokens = SqlLexer.tokenize(text);
        SqlToken before = tokenEndingAtOrAround(tokens, caret);
        if (before != null && before.start() < caret && isInert(before, caret, text)) {
            return Optional.empty();
        }
        int start = caret;
        while (start > 0 && isIdentifierPart(text.charAt(start - 1))) {
            start--;
        }
        int end = caret;
        while (end < text.length() && isIdentifierPart(text.charAt(end))) {
            end++;
        }
        String prefix = text.substring(start, caret);
        List<Candidate> all = new ArrayList<>();
        if (start > 0 && text.charAt(start - 1) == '.') {
            Optional<String> qualifier = qualifier(tokens, text, start - 1);
            if (qualifier.isEmpty()) {
                return Optional.empty();
            }
            String q = qualifier.get();
            if (q.equalsIgnoreCase("main") || q.equalsIgnoreCase("temp")) {
                sorted(names.tables()).forEach(t -> all.add(candidate(t, Kind.TABLE)));
                sorted(names.views()).forEach(v -> all.add(candidate(v, Kind.VIEW)));
            } else {
                resolve(q, tokens, text, caret, names)
                        .ifPresent(table -> names.columnsOf(table).forEach(c -> all.add(candidate(c, Kind.COLUMN))));
            }
        } else {
            sorted(names.tables()).forEach(t -> all.add(candidate(t, Kind.TABLE)));
            sorted(names.views()).forEach(v -> all.add(candidate(v, Kind.VIEW)));
            Set<String> columns = new LinkedHashSet<>();
            names.columnsByTable().values().forEach(columns::addAll);
            sorted(columns).forEach(c -> all.add(candidate(c, Kind.COLUMN)));
            sorted(names.functions()).forEach(f -> all.add(new Candidate(f, Kind.FUNCTION, f)));
            SqlLexer.KEYWORDS.stream().sorted().forEach(k -> all.add(new Candidate(k, Kind.KEYWORD, k)));
        }
        List<Candidate> matching = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Candidate c : all) {
            if (startsWithIgnoreCase(c.name(), prefix) && seen.add(c.kind() + "\u0000" + c.name())) {
                matching.add(c);
            }
        }
        return Optional.of(new Completion(start, end, prefix, matching));
    }

    /**
     * {@code name} as SQL can write it: as is when it is a plain identifier that is not a keyword, else in double
     * quotes with any double quote inside doubled.
     */
    public static String quoteIfNeeded(String name) {
        boolean plain = !name.isEmpty() && isIdentifierStart(name.charAt(0))
                && name.chars().allMatch(c -> isIdentifierPart((char) c))
                && !SqlLexer.KEYWORDS.contains(name.toUpperCase(Locale.ROOT));
        return plain ? name : '"' + name.replace("\"", "\"\"") + '"';
    }

    private static List<String> sorted(Collection<String> names) {
        return names.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList();
    }

    private static Candidate candidate(String name, Kind kind) {
        return new Candidate(name, kind, quoteIfNeeded(name));
    }

    /** The token the caret is inside or right after. */
    private static SqlToken tokenEndingAtOrAround(List<SqlToken> tokens, int caret) {
        for (SqlToken t : tokens) {
            if (t.start() < caret && caret <= t.end()) {
                return t;
            }
        }
        return null;
    }

    /** Strings, comments and quoted names: no completion inside them (right after a closed one is fine). */
    private static boolean isInert(SqlToken t, int caret, String text) {
        boolean closedBeforeCaret = !t.unterminated() && t.end() == caret
                && (t.kind() != SqlToken.Kind.COMMENT || text.charAt(t.start() + 1) == '*');
        return switch (t.kind()) {
            case STRING, BLOB, QUOTED_IDENTIFIER, COMMENT -> !closedBeforeCaret;
            default -> false;
        };
    }

    /** The name before the {@code .} at {@code dot}, unquoted. */
    private static Optional<String> qualifier(List<SqlToken> tokens, String text, int dot) {
        for (SqlToken t : tokens) {
            if (t.end() == dot && (t.kind() == SqlToken.Kind.IDENTIFIER || t.kind() == SqlToken.Kind.KEYWORD)) {
                return Optional.of(t.text(text));
            }
            if (t.end() == dot && t.kind() == SqlToken.Kind.QUOTED_IDENTIFIER && !t.unterminated()) {
                return Optional.of(unquote(t.text(text)));
            }
        }
        return Optional.empty();
    }

    /** The table or view {@code name} stands for in the statement at {@code caret}: itself, or what it aliases. */
    private static Optional<String> resolve(String name, List<SqlToken> tokens, String text, int caret,
                                            Completions names) {
        if (names.hasRelation(name)) {
            return Optional.of(name);
        }
        Optional<SqlScript.Part> part = SqlScript.at(text, caret);
        int from = part.map(SqlScript.Part::start).orElse(0);
        int to = part.map(p -> Math.max(p.end(), caret)).orElse(text.length());
        List<SqlToken> significant = tokens.stream()
                .filter(t -> t.significant() && t.start() >= from && t.end() <= to).toList();
        for (int i = 0; i + 1 < significant.size(); i++) {
            SqlToken relation = significant.get(i);
            if (!isName(relation)) {
                continue;
            }
            String relationName = nameOf(relation, text);
            if (!names.hasRelation(relationName)) {
                continue;
            }
            int j = i + 1;
            if (significant.get(j).isKeyword(text, "AS") && j + 1 < significant.size()) {
                j++;
            }
            SqlToken alias = significant.get(j);
            if (isName(alias) && nameOf(alias, text).equalsIgnoreCase(name)) {
                return Optional.of(relationName);
            }
        }
        return Optional.empty();
    }

    private static boolean isName(SqlToken t) {
        return t.kind() == SqlToken.Kind.IDENTIFIER || (t.kind() == SqlToken.Kind.QUOTED_IDENTIFIER
                && !t.unterminated());
    }

    private static String nameOf(SqlToken t, String text) {
        return t.kind() == SqlToken.Kind.QUOTED_IDENTIFIER ? unquote(t.text(text)) : t.text(text);
    }

    private static String unquote(String quoted) {
        char open = quoted.charAt(0);
        String body = quoted.substring(1, quoted.length() - 1);
        return switch (open) {
            case '"' -> body.replace("\"\"", "\"");
            case '`' -> body.replace("``", "`");
            default -> body;
        };
    }

    private static boolean startsWithIgnoreCase(String name, String prefix) {
        return name.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$';
    }
}
