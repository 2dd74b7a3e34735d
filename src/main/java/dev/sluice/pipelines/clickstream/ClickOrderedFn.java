package dev.sluice.pipelines.clickstream;

import dev.sluice.time.SettlingClock;
import dev.sluice.transforms.EventTimeOrderedFn;
import java.util.Comparator;
import org.apache.beam.sdk.coders.Coder;

/**
 * A per-user machine over clicks in {@link Click#ORDER}: what the funnel and the profile share, so
 * both see one user's clicks in the same order.
 */
abstract class ClickOrderedFn<S, O> extends EventTimeOrderedFn<Click, S, O> {

  ClickOrderedFn(SettlingClock clock, Coder<S> stateCoder) {
    super(clock, ClickCoder.of(), stateCoder);
  }

  @Override
  protected final long timeOf(Click click) {
    return click.time();
  }

  @Override
  protected final Comparator<Click> order() {
    return Click.ORDER;
  }
}
