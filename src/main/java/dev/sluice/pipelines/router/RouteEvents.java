package dev.sluice.pipelines.router;

import dev.sluice.event.DeadLetter;
import dev.sluice.event.Event;
import dev.sluice.event.EventParser;
import dev.sluice.event.RawRecord;
import dev.sluice.rules.RuleChange;
import dev.sluice.rules.RuleHistory;
import dev.sluice.transforms.ParseEvents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Partition;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The router without I/O: records of the events topics and of the rules topic in; each event's
 * original record on the output of every topic its rules choose (see {@link #output}), dead letters
 * out. Rule changes reach every shard; events are sharded by key.
 */
public final class RouteEvents extends PTransform<PCollection<RawRecord>, PCollectionTuple> {

  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  /** The routing settings: where the rules come from and which topics they may send to. */
  public record Settings(RuleSet initial, String rulesTopic, List<String> extraTopics, int shards)
      implements java.io.Serializable {
    public Settings {
      if (shards < 1) {
        throw new IllegalArgumentException("routing shards must be >= 1");
      }
    }

    /** Every topic a rule set of this job may send to: the startup rules' and the extra ones. */
    public List<String> outputs() {
      TreeSet<String> all = new TreeSet<>(initial.topics());
      all.addAll(extraTopics);
      return List.copyOf(all);
    }
  }

  private final EventParser parser;
  private final Settings settings;
  private final RuleHistory known;
  private final Map<String, TupleTag<RawRecord>> tags = new LinkedHashMap<>();

  public RouteEvents(EventParser parser, Settings settings) {
    this(parser, settings, RuleHistory.startingWith(settings.initial().asInitial()));
  }

  /**
   * @param known the rule sets in force before the first record is read: the startup rules plus
   *     those a previous run of the same consumer group already read (the read resumes after them)
   */
  RouteEvents(EventParser parser, Settings settings, RuleHistory known) {
    this.parser = parser;
    this.settings = settings;
    this.known = known;
    settings.initial().requireTopicsWithin(new TreeSet<>(settings.outputs()));
    for (String topic : settings.outputs()) {
      tags.put(topic, new TupleTag<RawRecord>("route:" + topic) {});
    }
  }

  /** The output holding the records routed to {@code topic}. */
  public TupleTag<RawRecord> output(String topic) {
    return tags.get(topic);
  }

  @Override
  public PCollectionTuple expand(PCollection<RawRecord> records) {
    String rulesTopic = settings.rulesTopic();
    PCollectionList<RawRecord> split =
        records.apply(
            "SplitRules",
            Partition.of(2, (RawRecord r, int n) -> r.topic().equals(rulesTopic) ? 1 : 0));
    PCollectionTuple parsed = split.get(0).apply("ParseEvents", new ParseEvents(parser));
    PCollectionTuple checked =
        split
            .get(1)
            .apply(
                "CheckRuleSets",
                ParDo.of(new CheckRuleSetsFn(new TreeSet<>(settings.outputs())))
                    .withOutputTags(
                        CheckRuleSetsFn.ACCEPTED, TupleTagList.of(CheckRuleSetsFn.REFUSED)));

    int n = settings.shards();
    PCollection<KV<Integer, RouteInput>> changes =
        checked
            .get(CheckRuleSetsFn.ACCEPTED)
            .apply(
                "ToEveryShard",
                FlatMapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.integers(), TypeDescriptor.of(RouteInput.class)))
                    .via(
                        (RuleChange c) -> {
                          List<KV<Integer, RouteInput>> all = new ArrayList<>();
                          for (int shard = 0; shard < n; shard++) {
                            all.add(KV.of(shard, RouteInput.of(c)));
                          }
                          return all;
                        }))
            .setCoder(KvCoder.of(VarIntCoder.of(), RouteInput.Coder.of()));
    PCollection<KV<Integer, RouteInput>> events =
        parsed
            .get(ParseEvents.VALID)
            .apply(
                "KeyByShard",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.integers(), TypeDescriptor.of(RouteInput.class)))
                    .via(
                        (Event e) -> KV.of(Math.floorMod(e.key().hashCode(), n), RouteInput.of(e))))
            .setCoder(KvCoder.of(VarIntCoder.of(), RouteInput.Coder.of()));

    List<TupleTag<?>> others = new ArrayList<>(tags.values());
    TupleTag<RawRecord> main = tags.values().iterator().next();
    others.remove(main);
    PCollectionTuple routed =
        PCollectionList.of(changes)
            .and(events)
            .apply("Merge", Flatten.pCollections())
            .apply(
                "Route",
                ParDo.of(new RouteByRulesFn(known, tags))
                    .withOutputTags(main, TupleTagList.of(others)));

    PCollection<DeadLetter> dead =
        PCollectionList.of(parsed.get(ParseEvents.INVALID))
            .and(checked.get(CheckRuleSetsFn.REFUSED))
            .apply("DeadLetters", Flatten.pCollections());
    PCollectionTuple out = PCollectionTuple.of(DEAD_LETTERS, dead);
    for (TupleTag<RawRecord> tag : tags.values()) {
      out = out.and(tag, routed.get(tag).setCoder(dev.sluice.event.RawRecordCoder.of()));
    }
    return out;
  }
}
