package dev.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.event.Event;
import dev.sluice.event.Rfc3339;
import dev.sluice.kit.Ingest;
import dev.sluice.pipelines.clickstream.Click;
import dev.sluice.pipelines.clickstream.ClickFields;
import dev.sluice.pipelines.clickstream.Clickstream;
import dev.sluice.pipelines.clickstream.ClickstreamModel;
import dev.sluice.pipelines.clickstream.ClickstreamPipeline;
import dev.sluice.pipelines.clickstream.Funnel;
import dev.sluice.pipelines.clickstream.Step;
import dev.sluice.transforms.SluiceMetrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * clickstream's work in a {@link PlainLoop}, for its bench row: repeats of (source, id) dropped as
 * the clicks are read; then per user the pipeline's own funnel and profile machines without Beam
 * and its sessions ({@link ClickstreamModel}), each session with the fields of the pipeline's SQL
 * (clicks, page views, distinct products, revenue, converted), and the hourly funnel statistics. It
 * holds the whole input until the end, as a batch job would: no watermark, so nothing is late and
 * nothing is diverted, and each session is written once, final.
 */
public final class ClickstreamLoop extends PlainLoop {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ClickFields FIELDS = new ClickFields();
  private static final long HOUR = 3_600_000L;

  private final ClickstreamPipeline.Options options;
  private final Clickstream.Settings settings;
  private final Map<String, List<Click>> users = new TreeMap<>();

  private ClickstreamLoop(ClickstreamPipeline.Options options) {
    this.options = options;
    this.settings = ClickstreamPipeline.settings(options);
  }

  public static void main(String[] args) {
    ClickstreamPipeline.Options o = ClickstreamPipeline.SPEC.parse(args);
    new ClickstreamLoop(o).run(o, Ingest.parser(o).requiring(FIELDS), ClickstreamPipeline.SPEC);
  }

  @Override
  protected void accept(Event event, KafkaProducer<byte[], byte[]> out) {
    if (!firstTime(event)) {
      count(SluiceMetrics.DUPLICATES, 1);
      return;
    }
    count(SluiceMetrics.AGGREGATED, 1);
    Click c = FIELDS.extract(event).value();
    synchronized (users) {
      users.computeIfAbsent(c.user(), u -> new ArrayList<>()).add(c);
    }
  }

  @Override
  protected void finish(KafkaProducer<byte[], byte[]> out) {
    ClickstreamModel model = new ClickstreamModel(settings);
    Map<Long, long[]> funnelStats = new TreeMap<>();
    for (Map.Entry<String, List<Click>> user : users.entrySet()) {
      int clicks = user.getValue().size();
      count("clicks_admitted", clicks);
      count("clicks_funnelled", clicks);
      count("clicks_profiled", clicks);
      model.replay(
          user.getKey(),
          user.getValue(),
          new ClickstreamModel.Visitor() {
            @Override
            public void funnel(Funnel f, long at) {
              out.send(text(options.getFunnelsTopic(), f.user(), f.toJson()));
              long[] s =
                  funnelStats.computeIfAbsent(
                      Math.floorDiv(f.endedAt(), HOUR) * HOUR, h -> new long[4]);
              s[0]++;
              for (int step = 1; step <= 3; step++) {
                s[step] += f.reached().ordinal() >= step ? 1 : 0;
              }
            }

            @Override
            public void profile(String user, String json, long at) {
              out.send(text(options.getProfilesTopic(), user, json));
            }

            @Override
            public void session(String user, List<Click> clicks, long start, long end) {
              out.send(
                  text(options.getSessionsTopic(), user, sessionJson(user, clicks, start, end)));
            }
          });
    }
    funnelStats.forEach(
        (hour, s) -> {
          ObjectNode n = JSON.createObjectNode();
          n.put("stats", "funnel");
          n.put("window_start", Rfc3339.format(hour));
          n.put("funnels", s[0]);
          n.put("reached_cart", s[1]);
          n.put("reached_checkout", s[2]);
          n.put("purchased", s[3]);
          n.put("cart_rate", (double) s[1] / s[0]);
          n.put("checkout_rate", (double) s[2] / s[0]);
          n.put("conversion_rate", (double) s[3] / s[0]);
          n.put("timing", "ON_TIME");
          out.send(text(options.getFunnelStatsTopic(), null, n.toString()));
        });
  }

  private static String sessionJson(String user, List<Click> clicks, long start, long end) {
    long views = 0;
    double revenue = 0;
    boolean converted = false;
    Set<String> products = new HashSet<>();
    for (Click c : clicks) {
      views += c.step() == Step.VIEW ? 1 : 0;
      if (c.step() == Step.PURCHASE) {
        converted = true;
        revenue += c.hasPrice() ? c.price() : 0;
      }
      if (!c.product().isEmpty()) {
        products.add(c.product());
      }
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("user", user);
    n.put("session_start", Rfc3339.format(start));
    n.put("sessionEnd", Rfc3339.format(end));
    n.put("events", clicks.size());
    n.put("page_views", views);
    n.put("distinct_products", products.size());
    n.put("revenue", revenue);
    n.put("converted", converted);
    n.put("timing", "ON_TIME");
    return n.toString();
  }
}
