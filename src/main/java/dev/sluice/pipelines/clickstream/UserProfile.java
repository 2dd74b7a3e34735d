package dev.sluice.pipelines.clickstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.event.Rfc3339;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * A user's running features: sessions (by the session gap, as the SQL sessions count them), clicks
 * per step, spend, the favourite category (most clicks; ties by name) and when they were last seen.
 * Categories are capped: past {@link #MAX_CATEGORIES} the rarest is dropped, so state stays bounded
 * whatever the catalogue.
 */
public final class UserProfile {

  static final int MAX_CATEGORIES = 32;
  private static final ObjectMapper JSON = new ObjectMapper();

  long sessions;
  final long[] clicks = new long[Step.values().length];
  double spend;
  final Map<String, Long> categories = new TreeMap<>();
  long lastSeen = Long.MIN_VALUE;

  /** When the profile was last emitted; MIN_VALUE before the first time. */
  long emittedAt = Long.MIN_VALUE;

  boolean changed;

  void learn(Click c, long sessionGapMillis) {
    if (lastSeen == Long.MIN_VALUE || c.time() - lastSeen >= sessionGapMillis) {
      sessions++;
    }
    clicks[c.step().ordinal()]++;
    if (c.step() == Step.PURCHASE && c.hasPrice()) {
      spend += c.price();
    }
    if (!c.category().isEmpty()) {
      categories.merge(c.category(), 1L, Long::sum);
      if (categories.size() > MAX_CATEGORIES) {
        categories.remove(rarest());
      }
    }
    lastSeen = Math.max(lastSeen, c.time());
    changed = true;
  }

  String favourite() {
    String best = "";
    long most = 0;
    for (Map.Entry<String, Long> e : categories.entrySet()) {
      if (e.getValue() > most) {
        best = e.getKey();
        most = e.getValue();
      }
    }
    return best;
  }

  private String rarest() {
    String worst = null;
    long least = Long.MAX_VALUE;
    for (Map.Entry<String, Long> e : categories.entrySet()) {
      if (e.getValue() < least) {
        worst = e.getKey();
        least = e.getValue();
      }
    }
    return worst;
  }

  String toJson(String user, long asOf) {
    ObjectNode node = JSON.createObjectNode();
    node.put("user", user);
    node.put("asOf", Rfc3339.format(asOf));
    node.put("sessions", sessions);
    for (Step s : Step.values()) {
      node.put(s.label() + "s", clicks[s.ordinal()]);
    }
    node.put("spend", Math.round(spend * 100) / 100.0);
    node.put("favouriteCategory", favourite());
    node.put("lastSeen", Rfc3339.format(lastSeen));
    return node.toString();
  }

  /** Its coder, for state. */
  public static final class Coder extends CustomCoder<UserProfile> {
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(UserProfile p, OutputStream outStream) throws IOException {
      DataOutputStream out = new DataOutputStream(outStream);
      out.writeLong(p.sessions);
      for (long c : p.clicks) {
        out.writeLong(c);
      }
      out.writeDouble(p.spend);
      out.writeInt(p.categories.size());
      for (Map.Entry<String, Long> e : p.categories.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue());
      }
      out.writeLong(p.lastSeen);
      out.writeLong(p.emittedAt);
      out.writeBoolean(p.changed);
      out.flush();
    }

    @Override
    public UserProfile decode(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      UserProfile p = new UserProfile();
      p.sessions = in.readLong();
      for (int i = 0; i < p.clicks.length; i++) {
        p.clicks[i] = in.readLong();
      }
      p.spend = in.readDouble();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        p.categories.put(in.readUTF(), in.readLong());
      }
      p.lastSeen = in.readLong();
      p.emittedAt = in.readLong();
      p.changed = in.readBoolean();
      return p;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
