package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.time.PartitionProgress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both name families a scrape may hold: Sluice's endpoint and Flink's Prometheus reporter. */
class ScrapedRunTest {

  @Test
  void sluiceEndpointSamplesBecomeRunSummaryCountersAndPartitions() {
    String text =
        """
        # HELP sluice_records_read_total Sluice counter records_read
        # TYPE sluice_records_read_total counter
        sluice_records_read_total{pipeline="wa"} 200.0
        sluice_events_valid_total{pipeline="wa"} 190.0
        sluice_dropped_due_to_lateness_total{pipeline="wa"} 0.0
        sluice_watermark_millis{partition="1",pipeline="wa",topic="my-events"} 1.7646896E12
        sluice_watermark_millis{partition="0",pipeline="wa",topic="my-events"} 1.7646895E12
        sluice_lag_records{partition="0",pipeline="wa",topic="my-events"} 7.0
        """;
    List<ScrapedRun> runs = ScrapedRun.of(PrometheusText.parse(text));
    assertEquals(1, runs.size());
    ScrapedRun run = runs.get(0);
    assertEquals("wa", run.pipeline());
    assertEquals(
        Map.of("records_read", 200L, "events_valid", 190L, "droppedDueToLateness", 0L),
        run.counters());
    assertEquals(
        List.of(
            new PartitionProgress("my-events-0", 1764689500000L, 100000L, 7L),
            new PartitionProgress("my-events-1", 1764689600000L, 0L, null)),
        run.partitions());
  }

  @Test
  void flinkReporterSamplesAreSummedOverOperatorsAndSubtasksPerJob() {
    String text =
        """
        # TYPE flink_taskmanager_job_task_operator_sluice_records_read gauge
        flink_taskmanager_job_task_operator_sluice_records_read{job_name="wa",operator_name="Parse",subtask_index="0",} 60.0
        flink_taskmanager_job_task_operator_sluice_records_read{job_name="wa",operator_name="Parse",subtask_index="1",} 40.0
        flink_taskmanager_job_task_operator_sluice_records_read{job_name="other",operator_name="Parse",subtask_index="0",} 5.0
        flink_taskmanager_job_task_operator_org_apache_beam_runners_core_LateDataDroppingDoFnRunner_droppedDueToLateness{job_name="wa",subtask_index="0",} 2.0
        flink_taskmanager_job_task_operator_sluice_watermark_millis_events_0_{job_name="wa",operator_name="Source",subtask_index="0",} 1000.0
        flink_taskmanager_job_task_operator_sluice_watermark_millis_events_0_{job_name="wa",operator_name="PartitionProgress",subtask_index="0",} 1500.0
        flink_taskmanager_job_task_operator_sluice_lag_records_events_0_{job_name="wa",operator_name="Source",subtask_index="0",} 3.0
        flink_taskmanager_job_task_operator_numRecordsIn{job_name="wa",subtask_index="0",} 999.0
        flink_jobmanager_numRunningJobs 1.0
        """;
    List<ScrapedRun> runs = ScrapedRun.of(PrometheusText.parse(text));
    assertEquals(List.of("wa", "other"), runs.stream().map(ScrapedRun::pipeline).toList());
    ScrapedRun wa = runs.get(0);
    assertEquals(100, wa.counter("records_read"));
    assertEquals(2, wa.counter("droppedDueToLateness"));
    assertEquals(List.of(new PartitionProgress("events-0", 1500L, 0L, 3L)), wa.partitions());
    assertEquals(5, runs.get(1).counter("records_read"));
  }

  @Test
  void labelValuesMayHoldQuotesCommasAndBraces() {
    PrometheusText.Sample s =
        PrometheusText.parse("x_total{a=\"q\\\"uo,te}\",b=\"\\\\\"} 3 1700000000000").get(0);
    assertEquals(Map.of("a", "q\"uo,te}", "b", "\\"), s.labels());
    assertEquals(3.0, s.value());
    assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("x{a=\"1\" 3"));
  }
}
