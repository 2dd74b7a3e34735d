package dev.sluice.cli;

import dev.sluice.cluster.FlinkRest;
import dev.sluice.cluster.FlinkRestException;
import dev.sluice.kafka.PartitionGaugesKafkaTest;
import dev.sluice.kit.WatermarkReport;
import dev.sluice.testing.Runners;
import dev.sluice.time.PartitionProgress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.junit.jupiter.api.Test;

/**
 * {@code sluice jobs -v}'s partition lines, read the way it reads them (Flink's REST API) from a
 * streaming job on an embedded Flink mini-cluster whose REST endpoint listens on a free port: the
 * gauges of {@link PartitionGaugesKafkaTest}'s input, partition 1 trailing partition 0 by 40 s.
 */
class PartitionGaugesRestTest {

  @Test
  void jobsReadsEachPartitionsWatermarkSkewAndLagFromFlinkRest() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path conf = Files.createTempDirectory("sluice-flink-conf");
    Files.writeString(conf.resolve("config.yaml"), "rest.port: " + port + "\n");
    String topic = PartitionGaugesKafkaTest.produce("gauges-rest");
    Pipeline pipeline =
        PartitionGaugesKafkaTest.pipeline(topic, false, Runners.flink("--flinkConfDir=" + conf));
    // A streaming job on the embedded cluster: run() returns when it is cancelled.
    Thread job = new Thread(() -> runUntilCancelled(pipeline), "gauges-rest-job");
    job.setDaemon(true);
    job.start();
    FlinkRest rest = new FlinkRest("localhost:" + port);
    List<PartitionProgress> partitions = List.of();
    String jobId = null;
    try {
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (System.nanoTime() < deadline && !caughtUp(partitions)) {
        Thread.sleep(1000);
        try {
          List<FlinkRest.JobSummary> running =
              rest.jobs().stream().filter(FlinkRest.JobSummary::active).toList();
          if (running.isEmpty()) {
            continue;
          }
          jobId = running.get(0).id();
          partitions =
              JobsCommand.partitions(rest, jobId, rest.job(jobId).orElseThrow().vertices());
        } catch (FlinkRestException notUpYet) {
          // The mini-cluster is still starting.
        }
      }
    } finally {
      if (jobId != null) {
        rest.cancel(jobId);
      }
      job.join(60_000);
    }
    WatermarkReport.lines(partitions).forEach(l -> System.err.println("jobs -v: " + l));
    PartitionGaugesKafkaTest.assertPlausible(topic, partitions);
  }

  private static boolean caughtUp(List<PartitionProgress> partitions) {
    return partitions.size() == 2
        && partitions.stream()
            .allMatch(p -> p.watermarkMillis() != null && Long.valueOf(0).equals(p.lagRecords()));
  }

  private static void runUntilCancelled(Pipeline pipeline) {
    try {
      pipeline.run();
    } catch (RuntimeException cancelled) {
      // The test cancels the job through the REST API.
    }
  }
}
