package dev.sluice.chaos;

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

  public ChaosSuite(ChaosSite site, ChaosPlan plan, PrintStream log) {
    this.env = new ChaosEnvironment(site, log);
    this.plan = plan;
    this.log = log;
  }

  /** Returns the table; {@code passed} tells whether every scenario was clean and recovered. */
  public record Outcome(String table, boolean passed, Duration took) {}

  public Outcome run(List<ChaosScenario> scenarios, Path tableFile) throws IOException {
    long t0 = System.nanoTime();
    boolean startedBroker = env.ensureBroker();
    List<ChaosResult> results = new ArrayList<>();
    try {
      for (ChaosScenario s : scenarios) {
        results.add(new ChaosRun(env, plan, log).run(s));
      }
    } finally {
      if (startedBroker) {
        env.stopBroker();
      }
    }
    StringBuilder table = new StringBuilder(ChaosResult.header());
    results.forEach(r -> table.append(r.row()));
    boolean passed = results.stream().allMatch(ChaosResult::passed);
    if (tableFile != null) {
      Files.createDirectories(tableFile.toAbsolutePath().getParent());
      Files.writeString(tableFile, table.toString());
    }
    return new Outcome(table.toString(), passed, Duration.ofNanos(System.nanoTime() - t0));
  }
}
