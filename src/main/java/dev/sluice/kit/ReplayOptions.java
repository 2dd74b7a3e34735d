package dev.sluice.kit;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Names a bounded replay, so that one which dies can be completed with one copy of each record. */
public interface ReplayOptions extends PipelineOptions {

  @Description(
      "Names this --bounded run (default: one is made and printed). Its input ranges are kept in"
          + " Kafka as consumer group sluice-run.ID and its records carry header sluice.run=ID.")
  @Default.String("")
  String getRunId();

  void setRunId(String value);

  @Description(
      "Completes the --bounded run with this id after it died (kill -9, lost machine): replays"
          + " exactly the input it recorded and writes only the records it had not written, so"
          + " every output ends with one copy of each (read_committed). Same flags otherwise.")
  @Default.String("")
  String getResume();

  void setResume(String value);
}
