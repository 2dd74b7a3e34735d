package dev.sluice.pipelines.clickstream;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.runner.RunnerTraits;
import dev.sluice.time.EventWindows;
import dev.sluice.time.SettlingClock;
import dev.sluice.transforms.AdmitEvents;
import dev.sluice.transforms.ParseEvents;
import java.io.Serializable;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;

/**
 * The business logic of clickstream without any I/O: raw records in; sessions, funnels, hourly
 * funnel statistics, user profiles, dead letters and late clicks out. Tests feed it a TestStream;
 * the pipeline feeds it Kafka.
 *
 * <p>Steps: parse and validate ({@link ClickFields}), drop repeats and divert clicks too late for
 * any session, then three consumers of the accepted clicks: sessions in SQL, the funnel and the
 * profile per user in event-time order.
 */
public final class Clickstream extends PTransform<PCollection<RawRecord>, PCollectionTuple> {

  public static final TupleTag<KV<String, String>> SESSIONS = new TupleTag<>() {};
  public static final TupleTag<KV<String, String>> FUNNELS = TrackFunnels.FUNNELS;
  public static final TupleTag<KV<String, String>> FUNNEL_STATS = TrackFunnels.STATS;
  public static final TupleTag<KV<String, String>> PROFILES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  public static final TupleTag<LateEvent> LATE = new TupleTag<>() {};

  /** The queries, from {@code pipelines/clickstream}. */
  public record Queries(String sessions, String funnelStats) implements Serializable {}

  /**
   * What the pipeline computes.
   *
   * @param sessionGap clicks closer than this are one session
   * @param allowedLateness how long after a session's end late clicks still update it
   * @param stepTimeout the longest a funnel waits for its next step
   * @param profileInterval a changed profile is emitted at most once per this much event time
   * @param forgetAfter a user idle this long is forgotten
   * @param deduplicate drop repeats of (source, id)
   * @param captureLate divert clicks too late for any session to the late output
   * @param admissionShards keyed shards of the gate
   */
  public record Settings(
      Queries queries,
      Duration sessionGap,
      Duration allowedLateness,
      Duration stepTimeout,
      Duration profileInterval,
      Duration forgetAfter,
      boolean deduplicate,
      boolean captureLate,
      int admissionShards)
      implements Serializable {

    /**
     * The gate's windows: a grain of at most a minute, with a lateness such that the gate's expiry
     * of a click is never after its own session window's (click + gap + lateness), so the gate
     * never admits a click the sessions' GroupByKey would drop, and diverts at most a grain early.
     */
    public EventWindows gateWindows() {
      Duration grain =
          sessionGap.isShorterThan(Duration.standardMinutes(1))
              ? sessionGap
              : Duration.standardMinutes(1);
      return new EventWindows(grain, sessionGap.plus(allowedLateness).minus(grain));
    }

    public AdmitEvents.Settings admission() {
      return new AdmitEvents.Settings(
          gateWindows(), deduplicate, captureLate, admissionShards, AdmitEvents.CLOCK_KEEP_ALIVE);
    }

    /** How profiles count sessions (by the session gap) and when they are shown and forgotten. */
    public ProfileUsersFn.Timing profile() {
      return new ProfileUsersFn.Timing(
          sessionGap.getMillis(), profileInterval.getMillis(), forgetAfter.getMillis());
    }

    /** When a click is final in event-time order: nothing earlier can still pass the gate. */
    public SettlingClock clock() {
      return new SettlingClock(gateWindows());
    }
  }

  private final EventParser parser;
  private final Settings settings;
  private final RunnerTraits runner;

  /**
   * @param parser the envelope parser (the Kafka source should get {@code parser.requiring(new
   *     ClickFields())}, so it reuses the parse)
   */
  public Clickstream(EventParser parser, Settings settings, RunnerTraits runner) {
    this.parser = parser;
    this.settings = settings;
    this.runner = runner;
  }

  @Override
  public PCollectionTuple expand(PCollection<RawRecord> records) {
    PCollectionTuple parsed =
        records.apply("ParseEvents", new ParseEvents(parser, new ClickFields()));
    PCollectionTuple admitted =
        parsed
            .get(ParseEvents.VALID)
            .apply("AdmitEvents", new AdmitEvents(settings.admission(), runner));
    PCollection<Click> clicks =
        admitted
            .get(AdmitEvents.ADMITTED)
            .apply("ToClicks", ParDo.of(new ToClicksFn()))
            .setCoder(ClickCoder.of());
    // The gate is exact while its clock runs; the extra grain covers a restarted clock, as in the
    // other pipelines, so the sessions' grouping never drops what the gate let through.
    Duration sessionLateness = settings.allowedLateness().plus(settings.gateWindows().size());
    PCollection<KV<String, String>> sessions =
        clicks.apply(
            "SessionizeClicks",
            new SessionizeClicks(
                settings.queries().sessions(), settings.sessionGap(), sessionLateness));
    PCollectionTuple funnels =
        clicks.apply(
            "TrackFunnels",
            new TrackFunnels(
                settings.queries().funnelStats(), settings.clock(), settings.stepTimeout()));
    PCollection<KV<String, String>> profiles =
        clicks.apply("ProfileUsers", new ProfileUsers(settings.clock(), settings.profile()));
    return PCollectionTuple.of(SESSIONS, sessions)
        .and(FUNNELS, funnels.get(TrackFunnels.FUNNELS))
        .and(FUNNEL_STATS, funnels.get(TrackFunnels.STATS))
        .and(PROFILES, profiles)
        .and(DEAD_LETTERS, parsed.get(ParseEvents.INVALID))
        .and(LATE, admitted.get(AdmitEvents.LATE));
  }

  static final class ToClicksFn extends DoFn<Event, Click> {
    private static final ClickFields FIELDS = new ClickFields();
    private final Counter count = Metrics.counter(ClickMetrics.NAMESPACE, ClickMetrics.CLICKS);

    @ProcessElement
    public void process(@Element Event event, OutputReceiver<Click> out) {
      count.inc();
      out.output(FIELDS.extract(event).value());
    }
  }
}
