package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Reading Flink 1.19's REST answers (shapes copied from a real cluster's) into Sluice's terms. */
class JobProgressTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aVertexNameBecomesItsSluiceStages() {
    // The source vertex of windowed-aggregate as Flink 1.19 named it (shortened inside the paths).
    String source =
        "Source: ReadEvents/ReadKafka/KafkaIO.Read.ReadFromKafkaViaUnbounded/Read(KafkaUnboundedSource)"
            + " -> Flat Map -> ReadEvents/ToRawRecord/Map/ParMultiDo(Anonymous)"
            + " -> WindowedAggregate/ParseEvents/ParseAndValidate"
            + " -> (WindowedAggregate/AdmitEvents/KeyByShard/AddKeys/Map/ParMultiDo(Anonymous),"
            + " WriteOutputs/DeadLettersToRecord/Map/ParMultiDo(Anonymous)"
            + " -> WriteOutputs/WriteDeadLetters/KafkaTransactions/EveryRecord/Window.Assign.out)";
    assertEquals(
        "ReadEvents/ReadKafka, ToRawRecord > WindowedAggregate/ParseEvents, AdmitEvents"
            + " > WriteOutputs/DeadLettersToRecord, WriteDeadLetters",
        JobProgress.stages(source));
    assertEquals(
        "WriteOutputs/WriteResults",
        JobProgress.stages(
            "WriteOutputs/WriteResults/KafkaTransactions/PersistSequence"
                + " -> WriteOutputs/WriteResults/KafkaTransactions/WriteTransactions/ParMultiDo(TransactionalWriter)"));
    // A name that is no Beam path is shown as it is.
    assertEquals("Flat Map", JobProgress.stages("Flat Map"));
  }

  @Test
  void theLowestInputWatermarkOfTheSubtasksThatHaveOne() throws Exception {
    assertEquals(
        1796224851880L,
        JobProgress.lowestWatermark(
            JSON.readTree(
                "[{\"id\":\"0.currentInputWatermark\",\"value\":\"1796224851880\"},"
                    + "{\"id\":\"1.currentInputWatermark\",\"value\":\"1796224852990\"}]")));
    // Flink reports Long.MIN_VALUE until a subtask has seen a watermark.
    assertNull(
        JobProgress.lowestWatermark(
            JSON.readTree(
                "[{\"id\":\"0.currentInputWatermark\",\"value\":\"-9223372036854775808\"}]")));
    assertNull(JobProgress.lowestWatermark(JSON.readTree("[]")));
  }

  @Test
  void tasksCountAsStartedOnlyWhenEveryOneRunsOrFinished() throws Exception {
    JobProgress.Tasks deploying =
        JobProgress.tasksOf(
            JSON.readTree(
                "{\"vertices\":[{\"parallelism\":2,\"tasks\":{\"RUNNING\":2}},"
                    + "{\"parallelism\":2,\"tasks\":{\"RUNNING\":1,\"INITIALIZING\":1}}]}"));
    assertFalse(deploying.allStarted());
    assertEquals("3/4 tasks running", deploying.toString());
    JobProgress.Tasks started =
        JobProgress.tasksOf(
            JSON.readTree(
                "{\"vertices\":[{\"parallelism\":2,\"tasks\":{\"FINISHED\":2}},"
                    + "{\"parallelism\":2,\"tasks\":{\"RUNNING\":2}}]}"));
    assertTrue(started.allStarted());
    assertEquals("2/4 tasks running, 2 finished", started.toString());
  }
}
