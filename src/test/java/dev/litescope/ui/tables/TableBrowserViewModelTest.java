package dev.litescope.ui.tables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.litescope.sql.Cell;
import dev.litescope.sql.SqlFixture;
import dev.litescope.sql.TablePage;
import dev.litescope.ui.fx.TaskRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableBrowserViewModelTest {
    @TempDir
    Path tmp;

    @Test
    void loadShowsTheFirstTableAndPagesThroughAnother() throws Exception {
        Path db = SqlFixture.create(tmp.resolve("app.db"));
        TableBrowserViewModel vm = new TableBrowserViewModel(TaskRunner.sameThread(), db);

        vm.load();
        assertThat(vm.tables()).extracting(t -> t.name()).containsExactly("empty", "kv", "odd \"name\"", "people");
        assertThat(vm.selectedTableProperty().get()).contains("empty");
        assertThat(vm.rangeProperty().get()).isEqualTo("no rows");

        vm.select("people");
        assertThat(vm.rangeProperty().get()).isEqualTo("rows 1–200 of 450");
        vm.previous(); // nothing before the first page
        assertThat(vm.rangeProperty().get()).isEqualTo("rows 1–200 of 450");
        vm.next();
        assertThat(vm.rangeProperty().get()).isEqualTo("rows 201–400 of 450");
        assertThat(vm.pageProperty().get().orElseThrow().rows().get(0).get(0)).isEqualTo(new Cell.Integer(201));
        vm.next();
        assertThat(vm.rangeProperty().get()).isEqualTo("rows 401–450 of 450");
        assertThat(vm.pageProperty().get().map(TablePage::hasNext)).contains(false);
        vm.next();
        assertThat(vm.rangeProperty().get()).isEqualTo("rows 401–450 of 450");
        vm.previous();
        assertThat(vm.rangeProperty().get()).isEqualTo("rows 201–400 of 450");
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    @Test
    void anUnreadableFileIsReportedNotThrown() {
        TableBrowserViewModel vm = new TableBrowserViewModel(TaskRunner.sameThread(), tmp.resolve("gone.db"));
        vm.load();
        assertThat(vm.errorProperty().get()).startsWith("Cannot read gone.db: no database file at");
        assertThat(vm.loadingProperty().get()).isFalse();
    }
}
