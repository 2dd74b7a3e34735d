package dev.sluice.pipelines.clickstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.event.Rfc3339;
import java.io.Serializable;

/**
 * A funnel that ended: completed by a purchase, or abandoned at the step it reached when the next
 * step did not come within the step timeout ({@code endedAt} is then that step's time plus the
 * timeout). {@code stepTimesMs[i]} is how long step i took after step i-1 (0 for the view).
 */
public record Funnel(
    String user, long start, long endedAt, boolean completed, Step reached, long[] stepTimesMs)
    implements Serializable {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Funnel of(String user, OpenFunnel f, long endedAt) {
    long[] took = new long[f.reached.ordinal() + 1];
    for (int i = 1; i < took.length; i++) {
      took[i] = f.at[i] - f.at[i - 1];
    }
    return new Funnel(user, f.start, endedAt, f.reached == Step.PURCHASE, f.reached, took);
  }

  public String outcome() {
    return completed ? "completed" : "abandoned";
  }

  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("user", user);
    node.put("funnelStart", Rfc3339.format(start));
    node.put("endedAt", Rfc3339.format(endedAt));
    node.put("outcome", outcome());
    node.put("stepReached", reached.label());
    ObjectNode times = node.putObject("stepTimesMs");
    for (int i = 1; i < stepTimesMs.length; i++) {
      times.put(Step.values()[i].label(), stepTimesMs[i]);
    }
    return node.toString();
  }
}
