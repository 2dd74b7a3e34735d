package dev.sluice.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package layers of docs/adding-a-pipeline.md, one way only: event <- time <- kafka (and
 * pubsub, kinesis; schema, the registry client; jdbc, the database sink), transforms <- kit <-
 * pipelines.(name) <- pipelines (the catalogue) <- cli. The dev broker ({@code local}) and the
 * Flink cluster client ({@code cluster}) serve operators and tests, never a pipeline. The
 * detection-quality tools ({@code quality}: evaluation against truth, plot data) serve the command
 * line only; the CLI fetches what they read. The dashboard ({@code dashboard}: a pipeline's charts
 * from its topics, served as a web page) serves the command line only. The shared rule language
 * ({@code rules}) sits on events alone.
 */
@AnalyzeClasses(packages = "dev.sluice", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {

  @ArchTest
  static final ArchRule layers =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("event")
          .definedBy("dev.sluice.event..")
          .layer("rules")
          .definedBy("dev.sluice.rules..")
          .layer("time")
          .definedBy("dev.sluice.time..")
          .layer("kafka")
          .definedBy("dev.sluice.kafka..")
          .layer("pubsub")
          .definedBy("dev.sluice.pubsub..")
          .layer("kinesis")
          .definedBy("dev.sluice.kinesis..")
          .layer("schema")
          .definedBy("dev.sluice.schema..")
          .layer("jdbc")
          .definedBy("dev.sluice.jdbc..")
          .layer("transforms")
          .definedBy("dev.sluice.transforms..")
          .layer("kit")
          .definedBy("dev.sluice.kit..")
          .layer("pipeline")
          .definedBy("dev.sluice.pipelines.(*)..")
          .layer("catalogue")
          .definedBy("dev.sluice.pipelines")
          .layer("generator")
          .definedBy("dev.sluice.generator..")
          .layer("local")
          .definedBy("dev.sluice.local..")
          .layer("cluster")
          .definedBy("dev.sluice.cluster..")
          .layer("chaos")
          .definedBy("dev.sluice.chaos..")
          .layer("quality")
          .definedBy("dev.sluice.quality..")
          .layer("dashboard")
          .definedBy("dev.sluice.dashboard..")
          .layer("cli")
          .definedBy("dev.sluice.cli..")
          .whereLayer("cli")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("chaos")
          .mayOnlyBeAccessedByLayers("cli")
          .whereLayer("catalogue")
          .mayOnlyBeAccessedByLayers("cli", "chaos")
          .whereLayer("pipeline")
          .mayOnlyBeAccessedByLayers("catalogue", "cli", "chaos")
          .whereLayer("kit")
          .mayOnlyBeAccessedByLayers("pipeline", "catalogue", "dashboard", "cli", "chaos")
          .whereLayer("transforms")
          .mayOnlyBeAccessedByLayers("kit", "pipeline", "catalogue", "cli", "chaos")
          .whereLayer("kafka")
          .mayOnlyBeAccessedByLayers(
              "kit", "pipeline", "catalogue", "local", "dashboard", "cli", "chaos")
          .whereLayer("pubsub")
          .mayOnlyBeAccessedByLayers("kit", "pipeline", "catalogue", "cli", "chaos")
          .whereLayer("kinesis")
          .mayOnlyBeAccessedByLayers("kit", "pipeline", "catalogue", "cli", "chaos")
          .whereLayer("schema")
          .mayOnlyBeAccessedByLayers("kit", "pipeline", "catalogue", "cli", "chaos")
          .whereLayer("time")
          .mayOnlyBeAccessedByLayers(
              "kafka",
              "pubsub",
              "kinesis",
              "transforms",
              "kit",
              "pipeline",
              "catalogue",
              "dashboard",
              "cli",
              "chaos")
          .whereLayer("rules")
          .mayOnlyBeAccessedByLayers("pipeline", "catalogue", "cli", "chaos")
          .whereLayer("event")
          .mayOnlyBeAccessedByLayers(
              "rules",
              "time",
              "kafka",
              "pubsub",
              "kinesis",
              "schema",
              "transforms",
              "kit",
              "pipeline",
              "catalogue",
              "cli",
              "chaos")
          .whereLayer("jdbc")
          .mayOnlyBeAccessedByLayers("kit", "pipeline", "catalogue", "cli", "chaos")
          .whereLayer("local")
          .mayOnlyBeAccessedByLayers("cli", "chaos")
          .whereLayer("cluster")
          .mayOnlyBeAccessedByLayers("cli", "chaos")
          .whereLayer("generator")
          .mayOnlyBeAccessedByLayers("cli", "chaos")
          .whereLayer("quality")
          .mayOnlyBeAccessedByLayers("cli")
          .whereLayer("dashboard")
          .mayOnlyBeAccessedByLayers("cli");

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("dev.sluice.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule pipelinesAreIndependent =
      slices()
          .matching("dev.sluice.pipelines.(*)..")
          .should()
          .notDependOnEachOther()
          .because("a pipeline shares code through the kit, not through another pipeline");

  @ArchTest
  static final ArchRule runnersAreChosenAtLaunch =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.sluice.transforms..",
              "dev.sluice.kafka..",
              "dev.sluice.time..",
              "dev.sluice.event..",
              "dev.sluice.pipelines..")
          .should()
          .callMethod(org.apache.beam.sdk.options.PipelineOptions.class, "getRunner")
          .because("runner differences are decided once at launch (kit.RunnerTraits)");

  @ArchTest
  static final ArchRule rulesUseOnlyEventsAndJackson =
      noClasses()
          .that()
          .resideInAPackage("dev.sluice.rules..")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages(
              "dev.sluice.rules..", "dev.sluice.event..", "com.fasterxml.jackson..", "java..")
          .because("the rule language is shared by every pipeline and the command line");
}
