package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FlinkErrorsTest {

  @Test
  void deepestCauseOfAStackTrace() {
    String trace =
        "org.apache.flink.runtime.rest.handler.RestHandlerException: Job could not be found.\n"
            + "\tat org.apache.flink.runtime.rest.handler.job.JobCancellationHandler.lambda$handleRequest$0(JobCancellationHandler.java:128)\n"
            + "Caused by: org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (00000000000000000000000000000000)\n"
            + "\tat org.apache.flink.runtime.dispatcher.Dispatcher.cancelJob(Dispatcher.java:829)\n"
            + "\t... 5 more\n";
    assertEquals(
        "FlinkJobNotFoundException: Could not find Flink job (00000000000000000000000000000000)",
        FlinkErrors.rootCause(trace));
  }

  @Test
  void wrappedMessagesLoseTheirClassPrefixes() {
    String trace =
        "java.util.concurrent.CompletionException: java.util.concurrent.CompletionException: org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint Coordinator is suspending.\n"
            + "\tat java.base/java.util.concurrent.CompletableFuture.encodeThrowable(CompletableFuture.java:332)\n";
    assertEquals(
        "CheckpointException: Checkpoint Coordinator is suspending.", FlinkErrors.rootCause(trace));
  }

  @Test
  void plainTextKeepsItsFirstLine() {
    assertEquals("Not found: /jobs/x", FlinkErrors.rootCause("Not found: /jobs/x\nmore"));
    assertEquals("no details", FlinkErrors.rootCause(""));
  }

  @Test
  void masterAddresses() {
    assertEquals("http://127.0.0.1:8081", FlinkRest.baseUrl("127.0.0.1:8081"));
    assertEquals("https://flink.example:443", FlinkRest.baseUrl("https://flink.example:443/"));
    assertThrows(FlinkRestException.class, () -> FlinkRest.baseUrl("[local]"));
  }
}
