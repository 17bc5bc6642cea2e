package dev.litescope.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the architecture: the engine (replicas, restore, the sample runner, utilities) knows nothing of
 * its faces, so one engine serves the window and the command line; and the command line never loads JavaFX, so
 * commands start fast and run where there is no display. Checked on the compiled classes.
 */
class LayeringTest {
    static final String[] ENGINE = {"dev.litescope.replica..", "dev.litescope.restore..", "dev.litescope.sample..",
            "dev.litescope.sql..", "dev.litescope.util..", "dev.litescope.monitor.."};
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.litescope");
    }

    @Test
    void theEngineImportsNoUserInterface() {
        noClasses().that().resideInAnyPackage(ENGINE).should().dependOnClassesThat()
                .resideInAnyPackage("javafx..", "atlantafx..", "org.controlsfx..", "picocli..", "dev.litescope.ui..",
                        "dev.litescope.cli..")
                .check(classes);
    }

    @Test
    void theCommandLineNeverLoadsJavaFx() {
        noClasses().that().resideInAnyPackage("dev.litescope.cli..").should().dependOnClassesThat()
                .resideInAnyPackage("javafx..", "atlantafx..", "org.controlsfx..", "dev.litescope.ui..").check(classes);
        noClasses().that().resideInAPackage("dev.litescope.app").and().doNotHaveSimpleName("GuiLauncher")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "dev.litescope.ui..").check(classes);
    }

    /**
     * The installers leave out the data of two ControlsFX parts (jpackage/linux/build.sh): the glyph fonts'
     * FontAwesome file and the world map's outlines. Using either means keeping its data there first.
     */
    @Test
    void theAppUsesNeitherControlsFxGlyphFontsNorItsWorldMap() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.controlsfx.glyphfont..")
                .because("the installers leave out FontAwesome's font file (jpackage/linux/build.sh)").check(classes);
        noClasses().should().dependOnClassesThat().haveNameMatching("org\\.controlsfx\\.control\\.WorldMapView.*")
                .because("the installers leave out the world map's data (jpackage/linux/build.sh)").check(classes);
    }
}
