package dev.litescope.fleet;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An order for a fleet: a key and a direction, typed as {@code lag}, {@code lag desc}, {@code lag:desc} or
 * {@code -lag}. Replicas without the key's value (no newest object, so no lag) come last either way; ties go by
 * path.
 *
 * @param key        what to sort by
 * @param descending largest (newest, most lagging, least healthy) first
 */
public record FleetSort(Key key, boolean descending) {
    public enum Key {
        PATH, FORMAT, SIZE, OBJECTS, NEWEST, LAG, COST, HEALTH;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final FleetSort BY_PATH = new FleetSort(Key.PATH, false);

    /**
     * @throws IllegalArgumentException naming the text and the keys there are
     */
    public static FleetSort parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        boolean desc = false;
        if (t.startsWith("-")) {
            desc = true;
            t = t.substring(1);
        } else if (t.startsWith("+")) {
            t = t.substring(1);
        }
        String[] parts = t.split("[\\s:]+");
        if (parts.length > 2 || parts[0].isEmpty()) {
            throw bad(text);
        }
        if (parts.length == 2) {
            switch (parts[1]) {
                case "desc", "descending" -> desc = true;
                case "asc", "ascending" -> desc = false;
                default -> throw bad(text);
            }
        }
        for (Key k : Key.values()) {
            if (k.label().equals(parts[0]) || (k == Key.SIZE && parts[0].equals("bytes"))) {
                return new FleetSort(k, desc);
            }
        }
        throw bad(text);
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("cannot sort by \"" + text + "\": sort by one of "
                + String.join(", ", List.of(Key.values()).stream().map(Key::label).toList())
                + ", optionally followed by asc or desc (or prefixed with -), such as \"lag desc\"");
    }

    public Comparator<FleetReplica> comparator() {
        Comparator<FleetReplica> byPath = Comparator.comparing(FleetReplica::path);
        Comparator<FleetReplica> c = switch (key) {
            case PATH -> byPath;
            case FORMAT -> Comparator.comparing(r -> r.format().label());
            case SIZE -> Comparator.comparingLong(FleetReplica::bytes);
            case OBJECTS -> Comparator.comparingLong(FleetReplica::objects);
            case COST -> Comparator.comparingDouble(FleetReplica::cost);
            case HEALTH -> Comparator.comparingInt(FleetSort::severity);
            case NEWEST, LAG -> null;
        };
        if (c == null) {
            // Present values in order, absent ones last whichever the direction.
            Comparator<FleetReplica> present = key == Key.NEWEST
                    ? Comparator.comparing(r -> r.newest().orElseThrow())
                    : Comparator.comparing(r -> r.lag().orElseThrow());
            Comparator<FleetReplica> directed = descending ? present.reversed() : present;
            boolean lagKey = key == Key.LAG;
            return (a, b) -> {
                boolean ha = lagKey ? a.lag().isPresent() : a.newest().isPresent();
                boolean hb = lagKey ? b.lag().isPresent() : b.newest().isPresent();
                if (ha != hb) {
                    return ha ? -1 : 1;
                }
                int r = ha ? directed.compare(a, b) : 0;
                return r != 0 ? r : byPath.compare(a, b);
            };
        }
        Comparator<FleetReplica> directed = descending ? c.reversed() : c;
        return key == Key.PATH ? directed : directed.thenComparing(byPath);
    }

    /** Healthy first: a break weighs most, then a missing snapshot, a new generation, other warnings. */
    static int severity(FleetReplica r) {
        int s = 0;
        for (FleetHealth.Condition c : r.health()) {
            s += switch (c) {
                case BREAK -> 8;
                case NO_SNAPSHOT -> 4;
                case NEW_GENERATION -> 2;
                case WARNING -> 1;
            };
        }
        return s;
    }

    public List<FleetReplica> sorted(List<FleetReplica> replicas) {
        return replicas.stream().sorted(comparator()).toList();
    }

    /** As typed back: "lag desc". */
    @Override
    public String toString() {
        return key.label() + (descending ? " desc" : "");
    }
}
