package dev.sluice.chaos;

import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.PipelineSpec;
import dev.sluice.kit.SluiceOptions;
import dev.sluice.pipelines.windowedaggregate.WindowedAggregatePipeline;
import dev.sluice.testing.Postgres;
import dev.sluice.testing.ResultMirrors;
import dev.sluice.testing.WindowedAggregateTable;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 17: in the chaos suite, every pipeline's TaskManager-kill job also writes to PostgreSQL.
 * The restored job replays from its last checkpoint, so rows written after that checkpoint are
 * written again, possibly as other panes; the upserts must make that harmless. Once the audit is
 * clean, every table must hold exactly what the committed topics hold (a pane's index and timing
 * aside: the restored job may number a window's panes differently from the attempt that died).
 */
final class DatabaseCheck {

  private DatabaseCheck() {}

  static ResultCheck of(Postgres postgres, PrintStream log) {
    return new ResultCheck(
        Set.of(ChaosScenario.KILL_TASKMANAGER),
        List.of(postgres.flags()),
        (pipeline, options) -> mismatch(postgres, pipeline, options, log));
  }

  private static String mismatch(
      Postgres postgres, PipelineSpec<?> pipeline, SluiceOptions options, PrintStream log)
      throws Exception {
    if (!pipeline.name().equals(WindowedAggregatePipeline.NAME)) {
      return ResultMirrors.mismatch(postgres, pipeline.name(), options, log);
    }
    List<String> committed =
        TopicSnapshot.values(
            options.getBootstrapServers(),
            options.as(WindowedAggregatePipeline.Options.class).getOutputTopic());
    Map<String, String> expected =
        WindowedAggregateTable.values(WindowedAggregateTable.expected(committed));
    Map<String, String> table =
        WindowedAggregateTable.values(WindowedAggregateTable.rows(postgres));
    log.printf(
        "chaos: %s: windowed_aggregate_results holds %d rows, the committed topic %d windows%n",
        pipeline.name(), table.size(), expected.size());
    if (expected.size() < 20) {
      return "only " + expected.size() + " windows committed";
    }
    return expected.equals(table) ? null : "windowed_aggregate_results differs from the topic";
  }
}
