package dev.sluice.pipelines.clickstream;

import dev.sluice.time.SettlingClock;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/** Each user's running profile as JSON keyed by user, see {@link ProfileUsersFn}. */
public final class ProfileUsers
    extends PTransform<PCollection<Click>, PCollection<KV<String, String>>> {

  private final SettlingClock clock;
  private final ProfileUsersFn.Timing timing;

  ProfileUsers(SettlingClock clock, ProfileUsersFn.Timing timing) {
    this.clock = clock;
    this.timing = timing;
  }

  @Override
  public PCollection<KV<String, String>> expand(PCollection<Click> clicks) {
    return clicks
        .apply("KeyByUser", WithKeys.of(Click::user).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ClickCoder.of()))
        .apply("UpdateProfile", ParDo.of(new ProfileUsersFn(clock, timing)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
  }
}
