package io.wagateway.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package layout the README describes, kept by the build: who may use whom, and no circles. */
class PackageRulesTest {

    private static final String[] PROVIDERS = {"..twilio..", "..meta..", "..kommo.."};

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.wagateway");

    @Test
    void noPackageDependsOnAPackageThatDependsOnIt() {
        slices().matching("io.wagateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
    }

    @Test
    void theCanonicalModelDependsOnNothingOfTheProject() {
        noClasses().that().resideInAPackage("io.wagateway.canonical..")
                .should().dependOnClassesThat(resideInAPackage("io.wagateway..")
                        .and(not(resideInAPackage("io.wagateway.canonical.."))))
                .check(GATEWAY);
    }

    @Test
    void providersNeverUseEachOther() {
        for (String provider : PROVIDERS) {
            for (String other : PROVIDERS) {
                if (!provider.equals(other)) {
                    noClasses().that().resideInAPackage(provider)
                            .should().dependOnClassesThat().resideInAPackage(other).check(GATEWAY);
                }
            }
        }
    }

    @Test
    void conversationsTheAssistantAndTheApiKnowNoProvider() {
        noClasses().that().resideInAnyPackage("..conversation..", "..assistant..", "..api..")
                .should().dependOnClassesThat().resideInAnyPackage(PROVIDERS)
                .check(GATEWAY);
    }

    @Test
    void theSqlPlumbingTheWorkersAndSecurityKnowNoStepOfTheFlow() {
        noClasses().that().resideInAnyPackage("..sql..", "..worker..", "..security..", "..http..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "..conversation..", "..assistant..", "..outbound..", "..api..", "..operations..",
                        "..twilio..", "..meta..", "..kommo..", "..webhook..")
                .check(GATEWAY);
    }
}
