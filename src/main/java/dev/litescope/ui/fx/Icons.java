package dev.litescope.ui.fx;

import java.util.List;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ContentDisplay;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The app's icons, from one set (Feather), in one place: what each action looks like is decided here, so the
 * same action carries the same icon wherever it appears. Glyphs take the text colour of their control, so they
 * follow the theme, disabled states included.
 */
public final class Icons {
    public static final Ikon OPEN = Feather.ARROW_RIGHT_CIRCLE;
    public static final Ikon ADD_FOLDER = Feather.FOLDER_PLUS;
    public static final Ikon ADD_BUCKET = Feather.UPLOAD_CLOUD;
    public static final Ikon REFRESH = Feather.REFRESH_CW;
    public static final Ikon REMOVE = Feather.TRASH_2;
    public static final Ikon RESTORE = Feather.DOWNLOAD;
    public static final Ikon SAVE_AS = Feather.SAVE;
    public static final Ikon CANCEL = Feather.X_CIRCLE;
    public static final Ikon ZOOM_IN = Feather.ZOOM_IN;
    public static final Ikon ZOOM_OUT = Feather.ZOOM_OUT;
    public static final Ikon FIT = Feather.MAXIMIZE_2;
    public static final Ikon SAMPLE = Feather.PLAY_CIRCLE;
    public static final Ikon MONITOR = Feather.ACTIVITY;
    public static final Ikon START = Feather.PLAY;
    public static final Ikon STOP = Feather.SQUARE;
    public static final Ikon WRITE = Feather.EDIT_3;
    public static final Ikon SHOW_IN_FOLDER = Feather.FOLDER;
    public static final Ikon COPY = Feather.COPY;
    public static final Ikon CONSOLE = Feather.TERMINAL;
    public static final Ikon PREVIOUS = Feather.CHEVRON_LEFT;
    public static final Ikon NEXT = Feather.CHEVRON_RIGHT;
    public static final Ikon DISMISS = Feather.X;
    public static final Ikon DEMO = Feather.BOOK_OPEN;
    public static final Ikon FOLDER = Feather.HARD_DRIVE;
    public static final Ikon BUCKET = Feather.CLOUD;
    public static final Ikon DATABASE = Feather.DATABASE;
    public static final Ikon GENERATION = Feather.GIT_COMMIT;
    public static final Ikon ERROR = Feather.ALERT_TRIANGLE;
    public static final Ikon UNDO = Feather.ROTATE_CCW;
    public static final Ikon TABLE = Feather.GRID;
    public static final Ikon VIEW = Feather.EYE;
    public static final Ikon INDEX = Feather.LIST;
    public static final Ikon TRIGGER = Feather.ZAP;
    public static final Ikon COLUMN = Feather.COLUMNS;
    public static final Ikon KEY = Feather.KEY;
    public static final Ikon RUN = Feather.PLAY;
    public static final Ikon RUN_ALL = Feather.FAST_FORWARD;
    public static final Ikon EXPLAIN = Feather.GIT_BRANCH;
    public static final Ikon LOCK = Feather.LOCK;
    public static final Ikon EXPORT = Feather.SHARE;
    public static final Ikon HISTORY = Feather.CLOCK;
    public static final Ikon DEPLOY = Feather.SEND;
    public static final Ikon BROWSER = Feather.EXTERNAL_LINK;
    public static final Ikon COMPARE = Feather.GIT_PULL_REQUEST;
    public static final Ikon VERIFY = Feather.CHECK_CIRCLE;

    private Icons() {
    }

    public static FontIcon of(Ikon ikon) {
        FontIcon icon = new FontIcon(ikon);
        icon.getStyleClass().add("litescope-icon");
        return icon;
    }

    /** Puts {@code ikon} before the control's text. */
    public static <B extends ButtonBase> B on(B button, Ikon ikon) {
        button.setGraphic(of(ikon));
        button.setGraphicTextGap(6);
        return button;
    }

    /** An icon-only button: the text stays for screen readers and mnemonics, the icon is what shows. */
    public static <B extends ButtonBase> B only(B button, Ikon ikon) {
        on(button, ikon);
        button.setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        return button;
    }

    /**
     * Lets a tool bar fit a narrow window: while the bar is narrower than it needs with every label, its buttons
     * that have an icon show only the icon (text, tooltip and mnemonic stay), and the labels come back once it is
     * wide enough again. The bar itself may then be sized below its width with labels.
     */
    public static void labelsWhenRoomy(HBox bar) {
        List<ButtonBase> withIcons = bar.getChildren().stream()
                .filter(n -> n instanceof ButtonBase b && b.getGraphic() != null
                        && b.getContentDisplay() != ContentDisplay.GRAPHIC_ONLY)
                .map(ButtonBase.class::cast)
                .toList();
        double[] full = {0};
        bar.setMinWidth(0);
        bar.widthProperty().addListener((o, was, now) -> {
            boolean compact = !withIcons.isEmpty()
                    && withIcons.get(0).getContentDisplay() == ContentDisplay.GRAPHIC_ONLY;
            if (!compact) {
                full[0] = bar.prefWidth(-1);
            }
            boolean narrow = now.doubleValue() < full[0];
            if (narrow != compact) {
                withIcons.forEach(b -> b.setContentDisplay(narrow ? ContentDisplay.GRAPHIC_ONLY : ContentDisplay.LEFT));
            }
        });
    }
}
