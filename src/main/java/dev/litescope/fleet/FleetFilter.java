package dev.litescope.fleet;

import dev.litescope.replica.Discovery;
import dev.litescope.util.GoTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fleet filter typed by a user: terms joined by spaces or commas, all of which must hold.
 *
 * <ul>
 *   <li>a path glob: {@code tenants/*}, {@code *eu*} ({@code *} any characters, {@code ?} one), matched against
 *       the whole URL or the path below the searched prefix</li>
 *   <li>a comparison: {@code lag > 1h}, {@code size >= 10MB}, {@code objects < 100}, {@code cost > 0.01},
 *       {@code generations > 1}, with {@code < <= > >= = !=}</li>
 *   <li>{@code has breaks}, {@code has no-snapshot}, {@code has new-generation}, {@code has warnings},
 *       or {@code has issues} (any)</li>
 *   <li>{@code 0.3 only}, {@code 0.5}, {@code format=0.5}</li>
 *   <li>{@code health=ok}, {@code health=break}, {@code health!=ok}, ...</li>
 * </ul>
 *
 * A replica without a newest object has no lag: {@code lag} comparisons never hold for it.
 */
public final class FleetFilter implements Predicate<FleetReplica> {
    private static final Pattern OPERATORS = Pattern.compile("(!=|<=|>=|<|>|=)");
    private static final Pattern SIZE = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)(?:([kmgtp])i?)?b?$");
    private static final List<String> NUMERIC = List.of("lag", "size", "objects", "cost", "generations");

    private final String text;
    private final Predicate<FleetReplica> test;

    private FleetFilter(String text, Predicate<FleetReplica> test) {
        this.text = text;
        this.test = test;
    }

    /** Everything passes. */
    public static FleetFilter all() {
        return new FleetFilter("", r -> true);
    }

    /**
     * @throws IllegalArgumentException naming the term that is not understood and what a term looks like
     */
    public static FleetFilter parse(String text) {
        List<String> tokens = new ArrayList<>();
        for (String t : OPERATORS.matcher(text.strip()).replaceAll(" $1 ").split("[\\s,]+")) {
            if (!t.isEmpty()) {
                tokens.add(t);
            }
        }
        Predicate<FleetReplica> all = r -> true;
        for (int i = 0; i < tokens.size(); ) {
            String word = tokens.get(i).toLowerCase(Locale.ROOT);
            String op = i + 1 < tokens.size() && OPERATORS.matcher(tokens.get(i + 1)).matches() ? tokens.get(i + 1)
                    : null;
            Predicate<FleetReplica> term;
            if (op != null) {
                if (i + 2 >= tokens.size()) {
                    throw bad(word + " " + op, "it needs a value after " + op);
                }
                term = comparison(word, op, tokens.get(i + 2));
                i += 3;
            } else if (word.equals("has")) {
                if (i + 1 >= tokens.size()) {
                    throw bad("has", "say what it has: breaks, no-snapshot, new-generation, warnings or issues");
                }
                term = has(tokens.get(i + 1));
                i += 2;
            } else if (word.equals("0.3") || word.equals("0.5")) {
                term = format(word);
                i += i + 1 < tokens.size() && tokens.get(i + 1).equalsIgnoreCase("only") ? 2 : 1;
            } else if (OPERATORS.matcher(word).matches() || NUMERIC.contains(word) || word.equals("format")
                    || word.equals("health") || word.equals("only")) {
                throw bad(word, "a comparison is NAME OPERATOR VALUE, such as lag > 1h");
            } else {
                term = glob(tokens.get(i));
                i += 1;
            }
            all = all.and(term);
        }
        return new FleetFilter(text.strip(), all);
    }

    @Override
    public boolean test(FleetReplica r) {
        return test.test(r);
    }

    /** The text it was parsed from, stripped. */
    public String text() {
        return text;
    }

    private static Predicate<FleetReplica> comparison(String name, String op, String value) {
        String term = name + " " + op + " " + value;
        switch (name) {
            case "format" -> {
                Predicate<FleetReplica> f = format(value);
                return equality(term, op, f);
            }
            case "health" -> {
                String v = value.toLowerCase(Locale.ROOT);
                Predicate<FleetReplica> f;
                if (v.equals("ok") || v.equals("healthy")) {
                    f = FleetReplica::healthy;
                } else {
                    FleetHealth.Condition c = FleetHealth.Condition.parse(v).orElseThrow(() -> bad(term,
                            "health is ok, break, new-generation, no-snapshot or warning"));
                    f = r -> r.health().contains(c);
                }
                return equality(term, op, f);
            }
            case "path" -> {
                return equality(term, op, glob(value));
            }
            case "lag" -> {
                Duration limit = duration(term, value);
                return r -> r.lag().map(l -> compare(l.compareTo(limit), op)).orElse(false);
            }
            case "size" -> {
                long limit = size(term, value);
                return r -> compare(Long.compare(r.bytes(), limit), op);
            }
            case "objects", "generations" -> {
                long limit;
                try {
                    limit = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw bad(term, name + " is compared with a whole number, such as " + name + " > 100");
                }
                return name.equals("objects") ? r -> compare(Long.compare(r.objects(), limit), op)
                        : r -> compare(Long.compare(r.generations(), limit), op);
            }
            case "cost" -> {
                double limit;
                try {
                    limit = Double.parseDouble(value.startsWith("$") ? value.substring(1) : value);
                } catch (NumberFormatException e) {
                    throw bad(term, "cost is compared with dollars a month, such as cost > 0.01");
                }
                return r -> compare(Double.compare(r.cost(), limit), op);
            }
            default -> throw bad(term, "the names are path, format, health, lag, size, objects, cost and "
                    + "generations");
        }
    }

    private static Predicate<FleetReplica> equality(String term, String op, Predicate<FleetReplica> p) {
        return switch (op) {
            case "=" -> p;
            case "!=" -> p.negate();
            default -> throw bad(term, "it can only be compared with = or !=");
        };
    }

    private static boolean compare(int c, String op) {
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            case "=" -> c == 0;
            default -> c != 0;
        };
    }

    private static Predicate<FleetReplica> has(String what) {
        String w = what.toLowerCase(Locale.ROOT);
        if (w.equals("issues") || w.equals("issue") || w.equals("problems")) {
            return r -> !r.healthy();
        }
        FleetHealth.Condition c = FleetHealth.Condition.parse(w).orElseThrow(() -> bad("has " + what,
                "say what it has: breaks, no-snapshot, new-generation, warnings or issues"));
        return r -> r.health().contains(c);
    }

    private static Predicate<FleetReplica> format(String label) {
        for (Discovery.Format f : Discovery.Format.values()) {
            if (f.label().equals(label)) {
                return r -> r.format() == f;
            }
        }
        throw bad("format=" + label, "the formats are 0.3 and 0.5");
    }

    private static Predicate<FleetReplica> glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            re.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        Pattern p = Pattern.compile(re.toString());
        return r -> p.matcher(r.path()).matches() || p.matcher(r.relative()).matches();
    }

    private static Duration duration(String term, String value) {
        Matcher days = Pattern.compile("^([0-9]+)d(.*)$").matcher(value);
        try {
            if (days.matches()) {
                Duration d = Duration.ofDays(Long.parseLong(days.group(1)));
                return days.group(2).isEmpty() ? d : d.plus(GoTime.parseDuration(days.group(2)));
            }
            return GoTime.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw bad(term, "lag is compared with a duration, such as 30s, 15m, 1h30m or 2d");
        }
    }

    /** Bytes in a size such as 100, 512KB, 10MB, 1.5GiB (KB and KiB alike are 1024 bytes, as the table shows). */
    static long size(String term, String value) {
        Matcher m = SIZE.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw bad(term, "size is compared with a size, such as 512KB, 10MB or 1.5GB");
        }
        int power = m.group(2) == null ? 0 : "bkmgtp".indexOf(m.group(2));
        return Math.round(Double.parseDouble(m.group(1)) * Math.pow(1024, power));
    }

    private static IllegalArgumentException bad(String term, String hint) {
        return new IllegalArgumentException("filter term \"" + term + "\" is not understood: " + hint);
    }

    /** Keeps the parsed text visible in messages and logs. */
    @Override
    public String toString() {
        return text;
    }

    /** The reason a term failed, without the filter: for a field that shows it beside the text. */
    public static Optional<String> problem(String text) {
        try {
            parse(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }
}
