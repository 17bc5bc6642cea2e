package dev.litescope.ui.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.sql.diff.TableCount;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DiffTextTest {
    private static TableCount table(String name, long before, long after, long changed) {
        return new TableCount(name, OptionalLong.of(before), OptionalLong.of(after), OptionalLong.of(Math.max(0,
                after - before)), OptionalLong.of(Math.max(0, before - after)), OptionalLong.of(changed));
    }

    @Test
    void theFirstAppTableThatDiffersIsShownBeforeLitestreamsBookkeeping() {
        List<TableCount> counts = List.of(table("_litestream_lock", 0, 0, 0), table("_litestream_seq", 1, 1, 1),
                table("audit", 5, 5, 0), table("events", 466, 539, 42), table("orders", 687, 797, 47));
        assertThat(DiffText.firstToShow(counts)).map(TableCount::name).contains("events");
    }

    @Test
    void litestreamsTableIsShownWhenNothingElseDiffers() {
        List<TableCount> counts = List.of(table("_litestream_seq", 1, 1, 1), table("orders", 3, 3, 0));
        assertThat(DiffText.firstToShow(counts)).map(TableCount::name).contains("_litestream_seq");
        assertThat(DiffText.firstToShow(List.of(table("orders", 3, 3, 0)))).isEmpty();
    }
}
