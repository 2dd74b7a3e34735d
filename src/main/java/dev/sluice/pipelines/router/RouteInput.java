package dev.sluice.pipelines.router;

import dev.sluice.event.Event;
import dev.sluice.event.EventCoder;
import dev.sluice.rules.RuleChange;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/** What the routing step of a shard receives: an event to route, or a rule change. */
record RouteInput(Event event, RuleChange change) {

  static RouteInput of(Event event) {
    return new RouteInput(event, null);
  }

  static RouteInput of(RuleChange change) {
    return new RouteInput(null, change);
  }

  static final class Coder extends AtomicCoder<RouteInput> {
    private static final Coder INSTANCE = new Coder();

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(RouteInput value, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      if (value.event() != null) {
        data.writeBoolean(true);
        EventCoder.of().encode(value.event(), out);
      } else {
        data.writeBoolean(false);
        data.writeLong(value.change().version());
        data.writeLong(value.change().effectiveFrom());
        StringUtf8Coder.of().encode(value.change().text(), out);
      }
    }

    @Override
    public RouteInput decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      if (data.readBoolean()) {
        return RouteInput.of(EventCoder.of().decode(in));
      }
      long version = data.readLong();
      long from = data.readLong();
      return RouteInput.of(new RuleChange(version, from, StringUtf8Coder.of().decode(in)));
    }
  }
}
