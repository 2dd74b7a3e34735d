package dev.sluice.pipelines.clickstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.event.Event;
import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kit.AuditedInput;
import dev.sluice.kit.OutputLedger;
import dev.sluice.time.SettlingClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks what a clickstream job committed against its input, recomputed here in plain Java: the
 * admitted clicks of each user, in event-time order, through the job's own funnel and profile
 * machines ({@code replay}) give exactly the funnels and profiles it wrote, byte for byte and once
 * each; and the last pane of every session is the session the clicks make (gap merging, late
 * bridges included), with every earlier pane inside it. Only what is final by the input's own
 * watermark is judged.
 */
final class ClickstreamAudit {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ClickFields FIELDS = new ClickFields();

  private final Clickstream.Settings settings;
  private final SettlingClock clock;

  ClickstreamAudit(Clickstream.Settings settings) {
    this.settings = settings;
    this.clock = settings.clock();
  }

  /** The job's outputs, as committed. */
  record Written(List<String> sessions, List<String> funnels, List<String> profiles) {
    static Written read(String bootstrap, String sessions, String funnels, String profiles) {
      return new Written(
          TopicSnapshot.values(bootstrap, sessions),
          TopicSnapshot.values(bootstrap, funnels),
          TopicSnapshot.values(bootstrap, profiles));
    }
  }

  ClickstreamReport audit(AuditedInput input, Written written) {
    Map<String, List<Click>> byUser = new TreeMap<>();
    for (Event e : input.admitted()) {
      Click c = FIELDS.extract(e).value();
      byUser.computeIfAbsent(c.user(), u -> new ArrayList<>()).add(c);
    }
    long horizon = input.horizon();
    OutputLedger funnels = new OutputLedger();
    OutputLedger profiles = new OutputLedger();
    ClickstreamModel model = new ClickstreamModel(settings);
    Map<String, Session> sessions = new HashMap<>();
    for (Map.Entry<String, List<Click>> user : byUser.entrySet()) {
      model.replay(
          user.getKey(),
          user.getValue(),
          new ClickstreamModel.Visitor() {
            @Override
            public void funnel(Funnel f, long at) {
              funnels.expect(funnelIdentity(f.user(), f.start(), f.endedAt()), f.toJson(), at);
            }

            @Override
            public void profile(String user, String json, long at) {
              profiles.expect(user + "|" + at, json, at);
            }

            @Override
            public void session(String user, List<Click> clicks, long start, long end) {
              Session s = new Session(user, start, end, clicks.size());
              sessions.put(s.identity(), s);
            }
          });
    }
    for (String json : written.funnels()) {
      JsonNode n = parse(json);
      long end = millis(n, "endedAt");
      funnels.written(
          funnelIdentity(n.path("user").asText(), millis(n, "funnelStart"), end), json, end);
    }
    for (String json : written.profiles()) {
      JsonNode n = parse(json);
      long at = millis(n, "asOf");
      profiles.written(n.path("user").asText() + "|" + at, json, at);
    }
    return new ClickstreamReport(
        input.records(),
        input.invalid(),
        input.deadLetters(),
        input.deadLettersMissing(),
        input.diversionsRepeated(),
        input.admitted().size(),
        checkSessions(sessions, written.sessions(), horizon),
        funnels.tally(t -> clock.settledAt(t) <= horizon),
        profiles.tally(t -> clock.settledAt(t) <= horizon));
  }

  /** A session the clicks make: [start, last click + gap) with its click count. */
  private record Session(String user, long start, long end, long events) {
    String identity() {
      return user + "|" + start + "|" + end;
    }
  }

  /**
   * Final sessions: the last pane of each must carry the session's clicks. A pane of a smaller
   * window is fine when a final session contains it (it was superseded by a merge); a pane written
   * twice is a duplicate.
   */
  private OutputLedger.Tally checkSessions(
      Map<String, Session> expected, List<String> panes, long horizon) {
    Map<String, JsonNode> last = new HashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    Map<String, List<Session>> byUser = new HashMap<>();
    expected.values().forEach(s -> byUser.computeIfAbsent(s.user(), u -> new ArrayList<>()).add(s));
    long repeated = 0, unexpected = 0, open = 0, checked = 0, lost = 0, wrong = 0;
    List<String> examples = new ArrayList<>();
    for (String json : panes) {
      JsonNode n = parse(json);
      String user = n.path("user").asText();
      long start = millis(n, "sessionStart"), end = millis(n, "sessionEnd");
      String id = user + "|" + start + "|" + end;
      if (seen.merge(id + "|" + n.path("pane").asLong(), 1, Integer::sum) > 1) {
        repeated++;
        OutputLedger.Tally.example(examples, "written twice " + json);
        continue;
      }
      JsonNode before = last.get(id);
      if (before == null || before.path("pane").asLong() < n.path("pane").asLong()) {
        last.put(id, n);
      }
      if (!expected.containsKey(id)) {
        boolean inside =
            byUser.getOrDefault(user, List.of()).stream()
                .anyMatch(s -> s.start() <= start && end <= s.end());
        if (clock.settledAt(end) > horizon) {
          open++;
        } else if (!inside) {
          unexpected++;
          OutputLedger.Tally.example(examples, "unexpected " + json);
        }
      }
    }
    for (Session s : expected.values()) {
      if (clock.settledAt(s.end()) > horizon) {
        open++;
        continue;
      }
      checked++;
      JsonNode pane = last.get(s.identity());
      if (pane == null) {
        lost++;
        OutputLedger.Tally.example(examples, "lost " + s);
      } else if (pane.path("events").asLong() != s.events()) {
        wrong++;
        OutputLedger.Tally.example(examples, "wrong " + s + ": its last pane is " + pane);
      }
    }
    return new OutputLedger.Tally(checked, open, lost, wrong, unexpected, repeated, examples);
  }

  private static String funnelIdentity(String user, long start, long end) {
    return user + "|" + start + "|" + end;
  }

  private static long millis(JsonNode n, String field) {
    return Instant.parse(n.path(field).asText()).toEpochMilli();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }
}
