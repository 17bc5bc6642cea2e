package dev.litescope.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules a newcomer is told on day one, checked on the compiled classes, each with its reason (JabRef's
 * architecture tests are the model).
 */
class HouseRulesTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.litescope");
    }

    @Test
    void viewModelsUseNoSceneGraph() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel").should().dependOnClassesThat()
                .resideInAnyPackage("javafx.scene..", "javafx.stage..", "org.controlsfx..", "atlantafx..")
                .because("view models hold state and commands as properties, so that tests check them without a "
                        + "screen; only views build nodes")
                .check(classes);
    }

    @Test
    void theUserInterfaceReachesCloudStorageOnlyThroughTheEngine() {
        noClasses().that().resideInAPackage("dev.litescope.ui..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.litescope.replica.gcs..", "com.google.cloud..", "com.google.api..")
                .because("the window opens replicas through ReplicaUrl and the engine's object stores, so every "
                        + "request is counted, retried and explained in one place")
                .check(classes);
    }

    @Test
    void richTextIsTheConsolesAlone() {
        noClasses().that().resideOutsideOfPackage("dev.litescope.ui.console..").should().dependOnClassesThat()
                .resideInAPackage("org.fxmisc..")
                .because("RichTextFX is the SQL editor's; the rest of the window uses plain JavaFX controls")
                .check(classes);
    }

    @Test
    void onlyTheCommandLinePrintsToTheConsole() {
        noClasses().that().resideOutsideOfPackages("dev.litescope.cli..", "dev.litescope.app..")
                .and().doNotHaveFullyQualifiedName("dev.litescope.ui.LaunchProbe")
                .should().accessField(System.class, "out")
                .because("commands print their results through picocli's writers, and everything else logs "
                        + "through slf4j; the launch probe's milestones are read by the launch benchmark from the "
                        + "process's standard output")
                .check(classes);
    }
}
