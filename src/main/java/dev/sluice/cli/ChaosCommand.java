package dev.sluice.cli;

import dev.sluice.chaos.ChaosPlan;
import dev.sluice.chaos.ChaosScenario;
import dev.sluice.chaos.ChaosSite;
import dev.sluice.chaos.ChaosSuite;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.pipelines.Pipelines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice chaos}: fault injection on a real Flink cluster, audited for lost and duplicated
 * output.
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description = {
      "Run each catalogued pipeline exactly-once on a Flink session cluster with a steady input,"
          + " inject one fault per scenario, and audit every committed output against the input."
          + " Scenarios: kill-taskmanager, broker-outage, savepoint-rescale, cancel-resume.",
      "Needs a running cluster (scripts/flink-cluster start) and the job jar; scripts/chaos arranges both."
    })
public final class ChaosCommand implements Callable<Integer> {

  @Option(
      names = "--quick",
      description = "Small and short: the version CI runs (about 2-3 min per scenario).")
  boolean quick;

  @Option(
      names = "--ci",
      description =
          "CI's set instead of the matrix: all four faults for windowed-aggregate, a TaskManager"
              + " kill for each other pipeline (not with --scenario or --pipeline).")
  boolean ciSet;

  @Option(names = "--scenario", split = ",", description = "Scenarios to run (default: all four).")
  List<String> scenarios = new ArrayList<>();

  @Option(
      names = "--pipeline",
      split = ",",
      description = "Pipelines to run them on (default: every catalogued pipeline).")
  List<String> pipelines = new ArrayList<>();

  @Option(
      names = "--flinkMaster",
      defaultValue = "127.0.0.1:8081",
      description = "(default: ${DEFAULT-VALUE})")
  String flinkMaster;

  @Option(
      names = "--kafkaPort",
      defaultValue = "19292",
      description =
          "Port of the chaos broker, started here unless it runs (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--kafkaStateDir",
      defaultValue = "target/chaos/kafka",
      description = "(default: ${DEFAULT-VALUE})")
  Path kafkaStateDir;

  @Option(
      names = "--stateDir",
      defaultValue = "target/chaos/jobs",
      description = "Job store of the chaos jobs (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--clusterScript",
      defaultValue = "scripts/flink-cluster",
      description = "(default: ${DEFAULT-VALUE})")
  Path clusterScript;

  @Option(names = "--table", description = "Also write the result table to this file.")
  Path table;

  @Option(
      names = "--rate",
      description =
          "Events per second the generator writes, in wall and event time (default: 50 with"
              + " --quick, else 300).")
  Double rate;

  @Option(
      names = "--repeat",
      defaultValue = "1",
      description = "Run the whole matrix this many times; stops at the first failure.")
  int repeat;

  private List<PipelineSpec<?>> chosenPipelines() {
    if (pipelines.isEmpty()) {
      return new ArrayList<>(Pipelines.all().values());
    }
    return pipelines.stream().<PipelineSpec<?>>map(Pipelines::get).toList();
  }

  @Override
  public Integer call() throws Exception {
    List<ChaosScenario> chosen = new ArrayList<>();
    if (scenarios.isEmpty()) {
      chosen.addAll(Arrays.asList(ChaosScenario.values()));
    } else {
      scenarios.forEach(s -> chosen.add(ChaosScenario.fromLabel(s)));
    }
    if (repeat < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--repeat must be 1 or more, not " + repeat);
    }
    if (ciSet && (!scenarios.isEmpty() || !pipelines.isEmpty())) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--ci names its own scenarios and pipelines: drop --scenario and --pipeline, or --ci");
    }
    List<ChaosSuite.Case> cases =
        ciSet ? ChaosSuite.ci() : ChaosSuite.matrix(chosenPipelines(), chosen);
    ChaosPlan plan = quick ? ChaosPlan.quick() : ChaosPlan.full();
    if (rate != null) {
      plan = plan.withRate(rate);
    }
    for (int round = 1; round <= repeat; round++) {
      ChaosSuite.Outcome outcome =
          new ChaosSuite(
                  new ChaosSite(
                      flinkMaster,
                      stateDir,
                      kafkaStateDir,
                      kafkaPort,
                      clusterScript,
                      Sluice.class.getName()),
                  plan,
                  System.err)
              .run(cases, table);
      System.out.print(outcome.table());
      System.out.printf(
          "chaos: round %d of %d, %d run(s) at %.0f events/s in %.0f s: %s%n",
          round,
          repeat,
          cases.size(),
          plan.rate(),
          outcome.took().toMillis() / 1000.0,
          outcome.passed()
              ? "all clean (nothing lost, nothing duplicated) and recovered"
              : "FAILURES above");
      if (!outcome.passed()) {
        return 1;
      }
    }
    return 0;
  }
}
