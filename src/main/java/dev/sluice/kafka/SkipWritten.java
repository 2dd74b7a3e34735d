package dev.sluice.kafka;

import dev.sluice.event.RawRecord;
import dev.sluice.event.RawRecordCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Lets through only the records a crashed run did not write: a record whose fingerprint is not
 * among {@link WrittenRecords} goes straight on; the others meet at one key per fingerprint, where
 * the copies beyond those already written go on. Only the crashed run's records take that shuffle,
 * and its state is one small counter per distinct record.
 */
public final class SkipWritten extends PTransform<PCollection<RawRecord>, PCollection<RawRecord>> {

  /** Records not written again because the crashed run had written them. */
  public static final String ALREADY_WRITTEN = "resume_already_written";

  private static final TupleTag<RawRecord> NEW = new TupleTag<>() {};
  private static final TupleTag<KV<Long, KV<Integer, RawRecord>>> SEEN = new TupleTag<>() {};

  private final WrittenRecords written;
  private final SerializableFunction<RawRecord, byte[]> identity;

  /**
   * @param identity what stands for a record's value in its fingerprint (null: the value)
   */
  public SkipWritten(WrittenRecords written, SerializableFunction<RawRecord, byte[]> identity) {
    this.written = written;
    this.identity = identity;
  }

  @Override
  public PCollection<RawRecord> expand(PCollection<RawRecord> records) {
    PCollectionTuple split =
        records.apply(
            "Split",
            ParDo.of(new SplitFn(written, identity)).withOutputTags(NEW, TupleTagList.of(SEEN)));
    // One window for both branches: Flatten needs it, and a pane of a long-closed window must not
    // be dropped by the counting step as late.
    PCollection<RawRecord> notWritten =
        split
            .get(NEW)
            .setCoder(RawRecordCoder.of())
            .apply("NewInGlobalWindow", Window.into(new GlobalWindows()));
    PCollection<RawRecord> beyondWritten =
        split
            .get(SEEN)
            .setCoder(
                KvCoder.of(VarLongCoder.of(), KvCoder.of(VarIntCoder.of(), RawRecordCoder.of())))
            .apply("SeenInGlobalWindow", Window.into(new GlobalWindows()))
            .apply("CountCopies", ParDo.of(new CountCopiesFn()))
            .setCoder(RawRecordCoder.of());
    return PCollectionList.of(notWritten).and(beyondWritten).apply(Flatten.pCollections());
  }

  private static final class SplitFn extends DoFn<RawRecord, RawRecord> {
    private final WrittenRecords written;
    private final SerializableFunction<RawRecord, byte[]> identity;

    SplitFn(WrittenRecords written, SerializableFunction<RawRecord, byte[]> identity) {
      this.written = written;
      this.identity = identity;
    }

    @ProcessElement
    public void process(@Element RawRecord r, MultiOutputReceiver out) {
      long fingerprint = WrittenRecords.fingerprint(r, identity);
      int copies = written.count(fingerprint);
      if (copies == 0) {
        out.get(NEW).output(r);
      } else {
        out.get(SEEN).output(KV.of(fingerprint, KV.of(copies, r)));
      }
    }
  }

  /** Per fingerprint: the first {@code copies} are already on the topic; later ones go on. */
  static final class CountCopiesFn extends DoFn<KV<Long, KV<Integer, RawRecord>>, RawRecord> {
    private final Counter skipped = Metrics.counter("sluice", ALREADY_WRITTEN);

    @StateId("seen")
    private final StateSpec<ValueState<Integer>> seenSpec = StateSpecs.value(VarIntCoder.of());

    @ProcessElement
    public void process(
        @Element KV<Long, KV<Integer, RawRecord>> e,
        @StateId("seen") ValueState<Integer> seen,
        OutputReceiver<RawRecord> out) {
      Integer before = seen.read();
      int n = (before == null ? 0 : before) + 1;
      seen.write(n);
      if (n > e.getValue().getKey()) {
        out.output(e.getValue().getValue());
      } else {
        skipped.inc();
      }
    }
  }
}
