package dev.litescope.ui;

import dev.litescope.ui.fx.Theme;
import java.time.ZoneId;
import java.time.ZoneOffset;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * The main window's menu bar: File, View, Cloud Run, Help, with the accelerators. The menus take no mnemonics (Alt+F is
 * "Add folder…", Alt+V none, and every item has an accelerator or a button of its own); each item says what it
 * does and does nothing of its own: it calls the window's {@link Actions}.
 */
final class MainMenu {

    /** What the menu's items do. */
    interface Actions {
        void openReplica();

        void addFolder();

        void addBucket();

        void openDatabase();

        void restore();

        void saveAs();

        void queryMoment();

        void showLog();

        void quit();

        void deployToCloudRun();

        void about();
    }

    private MainMenu() {
    }

    /**
     * @param canRestore whether Restore and Save as… can run now (a plan on screen, no restore running)
     * @param theme      the theme; the View menu switches it
     * @param zone       the session's zone; the View menu switches it
     */
    static MenuBar build(Actions actions, ObservableBooleanValue canRestore, ObjectProperty<Theme> theme,
                         ObjectProperty<ZoneId> zone) {
        MenuItem open = item("Open replica…", "openReplicaItem", actions::openReplica,
                new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        MenuItem addFolder = item("Add folder…", "addFolderItem", actions::addFolder, null);
        MenuItem addBucket = item("Add bucket…", "addBucketItem", actions::addBucket, null);
        MenuItem database = item("Open database in SQL console…", "openDatabaseItem", actions::openDatabase,
                new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        MenuItem restore = item("Restore", "restoreItem", actions::restore,
                new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN));
        MenuItem saveAs = item("Save as…", "saveAsItem", actions::saveAs,
                new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        MenuItem query = item("Query this moment", "queryMomentItem", actions::queryMoment,
                new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        query.disableProperty().bind(Bindings.not(canRestore));
        restore.disableProperty().bind(Bindings.not(canRestore));
        saveAs.disableProperty().bind(Bindings.not(canRestore));
        MenuItem log = item("Show log", "showLogItem", actions::showLog, null);
        MenuItem quit = item("Quit", "quitItem", actions::quit,
                new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        Menu file = menu("File", "fileMenu", open, addFolder, addBucket, database, new SeparatorMenuItem(), restore,
                saveAs, query,
                new SeparatorMenuItem(), log, new SeparatorMenuItem(), quit);

        ToggleGroup themes = new ToggleGroup();
        RadioMenuItem light = radio("Light theme", "lightThemeItem", themes, theme.get() == Theme.LIGHT);
        RadioMenuItem dark = radio("Dark theme", "darkThemeItem", themes, theme.get() == Theme.DARK);
        light.setOnAction(e -> theme.set(Theme.LIGHT));
        dark.setOnAction(e -> theme.set(Theme.DARK));
        theme.addListener((o, a, b) -> (b == Theme.DARK ? dark : light).setSelected(true));

        ToggleGroup zones = new ToggleGroup();
        RadioMenuItem local = radio("Local time (" + ZoneId.systemDefault().getId() + ")", "localTimeItem", zones,
                !zone.get().equals(ZoneOffset.UTC));
        RadioMenuItem utc = radio("UTC", "utcItem", zones, zone.get().equals(ZoneOffset.UTC));
        local.setOnAction(e -> zone.set(ZoneId.systemDefault()));
        utc.setOnAction(e -> zone.set(ZoneOffset.UTC));
        zone.addListener((o, a, b) -> (b.equals(ZoneOffset.UTC) ? utc : local).setSelected(true));
        Menu view = menu("View", "viewMenu", light, dark, new SeparatorMenuItem(), local, utc);

        Menu help = menu("Help", "helpMenu", item("About Litescope", "aboutItem", actions::about, null));

        MenuBar bar = new MenuBar(file, view, cloudRun(actions), help);
        bar.setId("menuBar");
        return bar;
    }

    /** The Cloud Run menu: deploying the bundled sample. */
    private static Menu cloudRun(Actions actions) {
        return menu("Cloud Run", "cloudRunMenu", item("Deploy the sample to Cloud Run…", "deployItem",
                actions::deployToCloudRun, null));
    }

    private static Menu menu(String text, String id, MenuItem... items) {
        Menu m = new Menu(text);
        m.setMnemonicParsing(false);
        m.setId(id);
        m.getItems().addAll(items);
        return m;
    }

    private static MenuItem item(String text, String id, Runnable action, KeyCombination accelerator) {
        MenuItem i = new MenuItem(text);
        i.setMnemonicParsing(false);
        i.setId(id);
        i.setOnAction(e -> action.run());
        if (accelerator != null) {
            i.setAccelerator(accelerator);
        }
        return i;
    }

    private static RadioMenuItem radio(String text, String id, ToggleGroup group, boolean selected) {
        RadioMenuItem i = new RadioMenuItem(text);
        i.setMnemonicParsing(false);
        i.setId(id);
        i.setToggleGroup(group);
        i.setSelected(selected);
        return i;
    }
}
