package dev.sluice.kit;

import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The topics a pipeline reads its CloudEvents from, and whether it replays them or streams. */
public interface KafkaInputOptions extends KafkaOptions {

  @Description(
      "Topic(s) the CloudEvents are read from: comma-separated or repeated (needed with"
          + " --source=kafka, the default).")
  @Default.InstanceFactory(NoTopics.class)
  List<String> getInputTopic();

  void setInputTopic(List<String> value);

  @Description(
      "Consumer group of the streaming read. Offsets are committed there only where the job's"
          + " state outlives the process (Flink on a cluster, Dataflow); on Direct and an embedded"
          + " Flink cluster nothing is committed and every start reads from the earliest offset.")
  @Default.String("sluice")
  String getGroupId();

  void setGroupId(String value);

  @Description(
      "Read each partition from its earliest offset to the end offset found at start, emit every"
          + " window, and exit. Without it the job runs until stopped.")
  @Default.Boolean(false)
  boolean getBounded();

  void setBounded(boolean value);

  /** No input topic: other sources need none; the Kafka read says so at launch. */
  class NoTopics implements DefaultValueFactory<List<String>> {
    @Override
    public List<String> create(PipelineOptions options) {
      return List.of();
    }
  }
}
