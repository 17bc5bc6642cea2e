package dev.litescope.ui.timeline;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * What a change touched, in the timeline's words, and whether the "Changes to" filter dims it. Pure Java over the
 * engine's counts ({@code dev.litescope.sql.touched}), tested without a screen.
 */
final class TouchedText {
    /** The hover's line for a change on Cloud Storage whose answer was not asked for. */
    static final String NOT_LOOKED_UP = "\nChanged: not looked up (right-click the timeline: Find what each change "
            + "touched)";

    private TouchedText() {
    }

    /**
     * "orders (12 pages), orders_by_user (3)": each table or index the change wrote pages of, most pages first
     * (the order the engine gives), the unit said once.
     */
    static String describe(Map<String, Integer> pagesByOwner) {
        if (pagesByOwner.isEmpty()) {
            return "no table or index (only free or non-b-tree pages)";
        }
        StringBuilder out = new StringBuilder();
        Iterator<Map.Entry<String, Integer>> it = pagesByOwner.entrySet().iterator();
        Map.Entry<String, Integer> first = it.next();
        out.append(first.getKey()).append(" (").append(first.getValue())
                .append(first.getValue() == 1 ? " page)" : " pages)");
        while (it.hasNext()) {
            Map.Entry<String, Integer> e = it.next();
            out.append(", ").append(e.getKey()).append(" (").append(e.getValue()).append(')');
        }
        return out.toString();
    }

    /**
     * Whether the filter on {@code chosen} dims a change that touched {@code touched} (empty while unknown): only
     * a change known not to have touched it is dimmed; with no filter, none is.
     */
    static boolean dims(Optional<String> chosen, Optional<Map<String, Integer>> touched) {
        return chosen.isPresent() && touched.isPresent() && !touched.get().containsKey(chosen.get());
    }
}
