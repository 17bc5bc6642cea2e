package dev.litescope.ui;

import javafx.scene.control.ButtonBase;
import javafx.scene.control.ContentDisplay;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The app's icons, from one set (Feather), in one place: what each action looks like is decided here, so the
 * same action carries the same icon wherever it appears. Glyphs take the text colour of their control, so they
 * follow the theme, disabled states included.
 */
final class Icons {
    static final Ikon OPEN = Feather.ARROW_RIGHT_CIRCLE;
    static final Ikon ADD_FOLDER = Feather.FOLDER_PLUS;
    static final Ikon ADD_BUCKET = Feather.UPLOAD_CLOUD;
    static final Ikon REFRESH = Feather.REFRESH_CW;
    static final Ikon REMOVE = Feather.TRASH_2;
    static final Ikon RESTORE = Feather.DOWNLOAD;
    static final Ikon SAVE_AS = Feather.SAVE;
    static final Ikon CANCEL = Feather.X_CIRCLE;
    static final Ikon ZOOM_IN = Feather.ZOOM_IN;
    static final Ikon ZOOM_OUT = Feather.ZOOM_OUT;
    static final Ikon FIT = Feather.MAXIMIZE_2;
    static final Ikon SAMPLE = Feather.PLAY_CIRCLE;
    static final Ikon START = Feather.PLAY;
    static final Ikon STOP = Feather.SQUARE;
    static final Ikon WRITE = Feather.EDIT_3;
    static final Ikon SHOW_IN_FOLDER = Feather.FOLDER;
    static final Ikon COPY = Feather.COPY;
    static final Ikon CONSOLE = Feather.TERMINAL;
    static final Ikon PREVIOUS = Feather.CHEVRON_LEFT;
    static final Ikon NEXT = Feather.CHEVRON_RIGHT;
    static final Ikon DISMISS = Feather.X;
    static final Ikon DEMO = Feather.BOOK_OPEN;
    static final Ikon FOLDER = Feather.HARD_DRIVE;
    static final Ikon BUCKET = Feather.CLOUD;
    static final Ikon DATABASE = Feather.DATABASE;
    static final Ikon GENERATION = Feather.GIT_COMMIT;
    static final Ikon ERROR = Feather.ALERT_TRIANGLE;

    private Icons() {
    }

    static FontIcon of(Ikon ikon) {
        FontIcon icon = new FontIcon(ikon);
        icon.getStyleClass().add("litescope-icon");
        return icon;
    }

    /** Puts {@code ikon} before the control's text. */
    static <B extends ButtonBase> B on(B button, Ikon ikon) {
        button.setGraphic(of(ikon));
        button.setGraphicTextGap(6);
        return button;
    }

    /** An icon-only button: the text stays for screen readers and mnemonics, the icon is what shows. */
    static <B extends ButtonBase> B only(B button, Ikon ikon) {
        on(button, ikon);
        button.setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        return button;
    }
}
