package dev.sluice.chaos;

import dev.sluice.kit.PipelineSpec;
import dev.sluice.pipelines.Pipelines;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs chaos scenarios one after another and tabulates them. */
public final class ChaosSuite {

  private final ChaosEnvironment env;
  private final ChaosPlan plan;
  private final PrintStream log;
  private final ResultCheck check;

  public ChaosSuite(ChaosSite site, ChaosPlan plan, PrintStream log) {
    this(new ChaosEnvironment(site, log), plan, log, null);
  }

  private ChaosSuite(ChaosEnvironment env, ChaosPlan plan, PrintStream log, ResultCheck check) {
    this.env = env;
    this.plan = plan;
    this.log = log;
    this.check = check;
  }

  /** The same suite, with {@code check} also run after the faults it names. */
  public ChaosSuite checking(ResultCheck check) {
    return new ChaosSuite(env, plan, log, check);
  }

  /** Returns the table; {@code passed} tells whether every scenario was clean and recovered. */
  public record Outcome(String table, boolean passed, Duration took) {}

  /** One pipeline under one fault. */
  public record Case(PipelineSpec<?> pipeline, ChaosScenario scenario) {}

  /** Every pipeline under every fault: what scripts/chaos runs. */
  public static List<Case> matrix(List<PipelineSpec<?>> pipelines, List<ChaosScenario> faults) {
    List<Case> cases = new ArrayList<>();
    pipelines.forEach(p -> faults.forEach(f -> cases.add(new Case(p, f))));
    return cases;
  }

  /** CI's set: all four faults for windowed-aggregate, a TaskManager kill for each other one. */
  public static List<Case> ci() {
    List<Case> cases = new ArrayList<>();
    for (PipelineSpec<?> p : Pipelines.all().values()) {
      if (p.name().equals("windowed-aggregate")) {
        for (ChaosScenario s : ChaosScenario.values()) {
          cases.add(new Case(p, s));
        }
      } else {
        cases.add(new Case(p, ChaosScenario.KILL_TASKMANAGER));
      }
    }
    return cases;
  }

  public Outcome run(List<Case> cases, Path tableFile) throws IOException {
    long t0 = System.nanoTime();
    boolean startedBroker = env.ensureBroker();
    List<ChaosResult> results = new ArrayList<>();
    try {
      for (Case c : cases) {
        results.add(new ChaosRun(env, plan, log, check).run(c.pipeline(), c.scenario()));
      }
    } finally {
      if (startedBroker) {
        env.stopBroker();
      }
    }
    StringBuilder table = new StringBuilder(ChaosResult.header());
    results.forEach(r -> table.append(r.row()));
    // A row says only lost and duplicated; a failing audit's own lines say what else was wrong.
    results.stream()
        .filter(r -> !r.passed() && r.audit() != null)
        .forEach(r -> table.append(r.failureDetail()));
    boolean passed = results.stream().allMatch(ChaosResult::passed);
    if (tableFile != null) {
      Files.createDirectories(tableFile.toAbsolutePath().getParent());
      Files.writeString(tableFile, table.toString());
    }
    return new Outcome(table.toString(), passed, Duration.ofNanos(System.nanoTime() - t0));
  }
}
