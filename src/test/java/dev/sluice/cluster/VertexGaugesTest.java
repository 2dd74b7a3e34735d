package dev.sluice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parsing of a vertex's aggregated subtask metrics. The listing is Flink 1.19's answer for the
 * source vertex of a streaming job on the embedded mini-cluster (trimmed); the values are in
 * Flink's documented aggregated format for those ids, with a stale lag from the step that repeats
 * the source's gauges and a value Flink could not aggregate.
 */
class VertexGaugesTest {

  static JsonNode json(String name) throws Exception {
    try (InputStream in = VertexGaugesTest.class.getResourceAsStream("/flink-rest/" + name)) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void listsOnlyTheGaugesOfTheNamespace() throws Exception {
    List<String> ids = VertexGauges.ids(json("subtask-metrics-list.json"), "sluice");
    assertEquals(5, ids.size(), ids.toString());
    assertEquals(
        "ReadKafkaRecords/PartitionProgress/ParMultiDo(PublishPartitionProgress)"
            + ".sluice_lag_records[gauges-rest-1-0]",
        ids.get(0));
  }

  @Test
  void foldsOperatorsIntoOneRangePerGauge() throws Exception {
    Map<String, VertexGauges.Range> values =
        VertexGauges.values(json("subtask-metrics-values.json"), "sluice");
    assertEquals(
        Map.of(
            "lag_records[gauges-rest-1-0]", new VertexGauges.Range(0, 3),
            "lag_records[gauges-rest-1-1]", new VertexGauges.Range(0, 0),
            "watermark_millis[gauges-rest-1-0]",
                new VertexGauges.Range(1_790_812_848_000L, 1_790_812_849_000L),
            "watermark_millis[gauges-rest-1-1]",
                new VertexGauges.Range(1_790_812_809_000L, 1_790_812_809_000L)),
        values);
  }

  @Test
  void namesOutsideTheNamespaceAreNotGauges() {
    assertNull(VertexGauges.gaugeName("buffers.inputQueueSize", "sluice"));
    assertNull(VertexGauges.gaugeName("Source__X.KafkaIOReader_rawSize/t-0", "sluice"));
    assertNull(VertexGauges.gaugeName("Source__X.sluice", "sluice"));
    assertEquals(
        "lag_records[t-0]", VertexGauges.gaugeName("Op.sluice_lag_records[t-0]", "sluice"));
  }
}
