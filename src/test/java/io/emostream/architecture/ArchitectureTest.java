package io.emostream.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering docs/architecture.md describes, enforced: packages depend one way, from the wire format and the text up
 * to the commands, and only the commands, the demo broker and the bench sit on top.
 */
@AnalyzeClasses(packages = "io.emostream", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule packagesHaveNoCycle =
            slices().matching("io.emostream.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlyTheTopUsesTheDemoBrokerTheBenchAndTheCommands = noClasses()
            .that()
            .resideOutsideOfPackages("io.emostream.cli..", "io.emostream.embedded..", "io.emostream.bench..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.emostream.cli..", "io.emostream.embedded..", "io.emostream.bench..");

    @ArchTest
    static final ArchRule trackedTopicsAreMatchedWithoutKafkaOrTheModel = noClasses()
            .that()
            .resideInAPackage("io.emostream.tracking..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.apache.kafka..",
                    "io.emostream.model..",
                    "io.emostream.streams..",
                    "io.emostream.trends..",
                    "io.emostream.service..");

    @ArchTest
    static final ArchRule noStreamWaitsForAlertDelivery = noClasses()
            .that()
            .resideInAnyPackage("io.emostream.streams..", "io.emostream.trends..", "io.emostream.learning..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.emostream.delivery..");

    @ArchTest
    static final ArchRule theModelKnowsNoKafka = noClasses()
            .that()
            .resideInAnyPackage("io.emostream.model..", "io.emostream.text..", "io.emostream.training..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.apache.kafka..",
                    "io.emostream.streams..",
                    "io.emostream.learning..",
                    "io.emostream.retrain..",
                    "io.emostream.service..",
                    "io.emostream.serde..",
                    "io.emostream.trends..");

    @ArchTest
    static final ArchRule theWireFormatKnowsNoModel = noClasses()
            .that()
            .resideInAnyPackage("io.emostream.serde..", "io.emostream.text..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.emostream.model..",
                    "io.emostream.training..",
                    "io.emostream.streams..",
                    "io.emostream.learning..",
                    "io.emostream.retrain..",
                    "io.emostream.service..",
                    "io.emostream.trends..");

    @ArchTest
    static final ArchRule theClassifierTopologyKnowsNotTheLoopAroundIt = noClasses()
            .that()
            .resideInAPackage("io.emostream.streams..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.emostream.learning..",
                    "io.emostream.retrain..",
                    "io.emostream.service..",
                    "io.emostream.training..",
                    "io.emostream.trends..");

    @ArchTest
    static final ArchRule theTrendsReadOnlyTheOutput = noClasses()
            .that()
            .resideInAPackage("io.emostream.trends..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.emostream.model..",
                    "io.emostream.training..",
                    "io.emostream.learning..",
                    "io.emostream.retrain..",
                    "io.emostream.service..",
                    "io.emostream.http..");
}
