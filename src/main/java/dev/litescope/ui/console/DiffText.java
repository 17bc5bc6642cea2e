package dev.litescope.ui.console;

import dev.litescope.sql.Cell;
import dev.litescope.sql.diff.RowChange;
import dev.litescope.sql.diff.SchemaChange;
import dev.litescope.sql.diff.TableComparison;
import dev.litescope.sql.diff.TableCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** How the diff window words and lays out what differs: schema lines, style classes, the columns of a table. */
final class DiffText {
    private DiffText() {
    }

    /** A column the rows grid shows, with where it is in each side's row and among the shared columns (-1: not). */
    record Shown(String name, int before, int after, int common) {
        boolean changedIn(RowChange c) {
            return c.op() == RowChange.Op.CHANGED && common >= 0 && c.changed().get(common);
        }

        Optional<Cell> before(RowChange c) {
            return before < 0 || c.before().isEmpty() ? Optional.empty() : Optional.of(c.before().get(before));
        }

        Optional<Cell> after(RowChange c) {
            return after < 0 || c.after().isEmpty() ? Optional.empty() : Optional.of(c.after().get(after));
        }

        /** The value a cell shows when it has not changed: the before side's for a removed row, else the after's. */
        Optional<Cell> shownValue(RowChange c) {
            return c.op() == RowChange.Op.REMOVED ? before(c) : after(c);
        }

        /** The cell's text: "before → after" where a changed row's value differs, else its one value. */
        String text(RowChange c) {
            if (changedIn(c)) {
                return before(c).map(CellText::inGrid).orElse("—") + "  →  "
                        + after(c).map(CellText::inGrid).orElse("—");
            }
            return shownValue(c).map(CellText::inGrid).orElse("");
        }
    }

    /** The after side's columns in its order, then those only the before side has. */
    /**
     * The table whose rows the window shows first: the first of the app's own tables whose rows differ, else the
     * first that differs at all. Litestream's bookkeeping tables ({@code _litestream_seq} changes with every
     * checkpoint) come first by name but are rarely what the user came for.
     */
    static Optional<TableCount> firstToShow(List<TableCount> counts) {
        return counts.stream().filter(t -> !t.same())
                .min(Comparator.comparing(t -> t.name().startsWith("_litestream_")));
    }

    static List<Shown> columns(TableComparison t) {
        List<Shown> shown = new ArrayList<>();
        List<String> after = t.afterColumns();
        List<String> before = t.beforeColumns();
        for (int i = 0; i < after.size(); i++) {
            shown.add(new Shown(after.get(i), indexOf(before, after.get(i)), i,
                    indexOf(t.commonColumns(), after.get(i))));
        }
        for (int i = 0; i < before.size(); i++) {
            if (indexOf(after, before.get(i)) < 0) {
                shown.add(new Shown(before.get(i), i, -1, -1));
            }
        }
        return shown;
    }

    private static int indexOf(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    static String styleOf(RowChange.Op op) {
        return switch (op) {
            case ADDED -> "diff-added";
            case REMOVED -> "diff-removed";
            case CHANGED -> "diff-changed-row";
        };
    }

    static String styleOf(SchemaChange.Change change) {
        return styleOf(RowChange.Op.valueOf(change.name()));
    }

    /** "changed table orders: + note, − legacy, ~ total". */
    static String schemaLine(SchemaChange c) {
        StringBuilder line = new StringBuilder(c.change() + " " + c.type() + " " + c.name());
        List<String> parts = new ArrayList<>();
        c.columnsAdded().forEach(n -> parts.add("+ " + n));
        c.columnsRemoved().forEach(n -> parts.add("− " + n));
        c.columnsChanged().forEach(n -> parts.add("~ " + n));
        if (!parts.isEmpty()) {
            line.append(": ").append(String.join(", ", parts));
        }
        return line.toString();
    }

    /** Both sides' CREATE statements, for the tooltip. */
    static String schemaDetail(SchemaChange c) {
        return "before: " + c.before().orElse("(none)") + "\nafter: " + c.after().orElse("(none)");
    }
}
