package dev.litescope.ui;

import dev.litescope.sample.LitestreamLocator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The versions Help → About shows: Litescope's, the Java runtime's, JavaFX's, the SQLite library that sqlite-jdbc
 * carries (asked of SQLite itself), and the Litestream the tests compare with and the sample runs.
 */
public record AboutInfo(String litescope, String java, String javafx, String sqlite, String litestream) {

    /** Reads the versions; opens an in-memory SQLite database, so off the UI thread. */
    public static AboutInfo collect() {
        String v = AboutInfo.class.getPackage().getImplementationVersion();
        return new AboutInfo(v == null ? "development build" : v,
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("javafx.runtime.version", "unknown"), sqliteVersion(), LitestreamLocator.VERSION);
    }

    private static String sqliteVersion() {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select sqlite_version()")) {
            String lib = r.next() ? r.getString(1) : "unknown";
            return lib + " (sqlite-jdbc " + c.getMetaData().getDriverVersion() + ")";
        } catch (SQLException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    /** The versions as lines, for the dialog and for copying into a bug report. */
    public String text() {
        return "Litescope " + litescope + "\nJava " + java + "\nJavaFX " + javafx + "\nSQLite " + sqlite
                + "\nLitestream " + litestream + " (bundled for the sample and the tests)";
    }
}
