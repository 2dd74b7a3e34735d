package dev.sluice.pipelines.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.event.Event;
import dev.sluice.event.LateEvent;
import dev.sluice.event.RawRecord;
import dev.sluice.rules.Condition;
import dev.sluice.rules.Conditions;
import dev.sluice.rules.EventFields;
import dev.sluice.rules.InvalidRules;
import dev.sluice.rules.RuleChange;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A versioned set of routes: each event goes to the topics of every route whose condition it meets,
 * and to the default topic when none matches. Written in YAML (or JSON):
 *
 * <pre>
 * version: 2
 * default: other-events
 * routes:
 *   - name: hot
 *     to: [alerts]
 *     when: {all: [{field: type, equals: sensor.reading}, {field: data.value, range: {min: 90}}]}
 * </pre>
 *
 * A rule set that cannot be parsed or breaks a rule is refused as a whole with one reason.
 */
public final class RuleSet implements Serializable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A named route: the topics it sends to and the condition an event must meet. */
  record Route(String name, List<String> to, Condition when) implements Serializable {}

  private final long version;
  private final String defaultTopic;
  private final List<Route> routes;
  private final String text;

  private RuleSet(long version, String defaultTopic, List<Route> routes, String text) {
    this.version = version;
    this.defaultTopic = defaultTopic;
    this.routes = List.copyOf(routes);
    this.text = text;
  }

  /** Parses and checks a rule set; throws {@link InvalidRules} naming the first problem. */
  public static RuleSet parse(String text) {
    Object loaded;
    try {
      loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (RuntimeException e) {
      throw new InvalidRules("not YAML or JSON: " + firstLine(e.getMessage()));
    }
    if (!(loaded instanceof Map)) {
      throw new InvalidRules("a rule set is a mapping with version, default and routes");
    }
    JsonNode root = JSON.valueToTree(loaded);
    Conditions.onlyKeys(root, "rule set", "version", "default", "routes");
    JsonNode version = root.get("version");
    if (version == null || !version.canConvertToLong() || !version.isIntegralNumber()) {
      throw new InvalidRules("version must be a whole number");
    }
    if (version.asLong() < 1) {
      throw new InvalidRules("version must be at least 1");
    }
    String defaultTopic = topicName(root.get("default"), "default");
    List<Route> routes = new ArrayList<>();
    Set<String> names = new TreeSet<>();
    JsonNode list = root.get("routes");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw new InvalidRules("routes must be a list");
      }
      for (JsonNode r : list) {
        Route route = route(r, routes.size());
        if (!names.add(route.name())) {
          throw new InvalidRules("two routes are named '" + route.name() + "'");
        }
        routes.add(route);
      }
    }
    return new RuleSet(version.asLong(), defaultTopic, routes, text);
  }

  private static Route route(JsonNode r, int index) {
    String where = "route " + (index + 1);
    if (!r.isObject()) {
      throw new InvalidRules(where + " must be a mapping with name, to and when");
    }
    Conditions.onlyKeys(r, where, "name", "to", "when");
    JsonNode name = r.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      throw new InvalidRules(where + " needs a name");
    }
    where = "route '" + name.asText() + "'";
    JsonNode to = r.get("to");
    List<String> topics = new ArrayList<>();
    if (to != null && to.isArray()) {
      for (JsonNode t : to) {
        topics.add(topicName(t, where + ": to"));
      }
    } else if (to != null) {
      topics.add(topicName(to, where + ": to"));
    }
    if (topics.isEmpty()) {
      throw new InvalidRules(where + " needs at least one topic in 'to'");
    }
    Condition when =
        r.has("when") ? Conditions.parse(r.get("when"), where) : new Condition.All(List.of());
    return new Route(name.asText(), List.copyOf(new LinkedHashSet<>(topics)), when);
  }

  /** Refuses a rule set that sends to a topic this job does not write. */
  public RuleSet requireTopicsWithin(Set<String> allowed) {
    Set<String> unknown = new TreeSet<>(topics());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      throw new InvalidRules(
          "topic(s) "
              + unknown
              + " are not outputs of this router (it writes "
              + new TreeSet<>(allowed)
              + "; restart it with them in --routeTopics)");
    }
    return this;
  }

  /** Every topic this rule set may send to, default included. */
  public Set<String> topics() {
    Set<String> all = new TreeSet<>();
    all.add(defaultTopic);
    routes.forEach(r -> all.addAll(r.to()));
    return all;
  }

  /** The topics an event goes to: every matching route's, or the default. */
  /**
   * What the router writes for {@code event}: its original record, with the version of the rule set
   * that routed it and where it was read (the audit counts copies per origin), on each topic this
   * rule set chooses.
   */
  public List<RawRecord> copies(Event event, long version) {
    RawRecord origin = event.origin();
    List<RawRecord.Header> headers = new ArrayList<>(origin.headers());
    headers.add(
        new RawRecord.Header(
            RouteByRulesFn.VERSION_HEADER,
            Long.toString(version).getBytes(StandardCharsets.UTF_8)));
    headers.add(
        new RawRecord.Header(
            LateEvent.ORIGIN_HEADER,
            (origin.topic() + "/" + origin.partition() + "/" + origin.offset())
                .getBytes(StandardCharsets.UTF_8)));
    List<RawRecord> out = new ArrayList<>();
    for (String topic : route(new EventFields(event))) {
      out.add(new RawRecord(topic, -1, -1, 0, origin.key(), origin.value(), headers));
    }
    return out;
  }

  public List<String> route(Condition.Fields event) {
    Set<String> to = new LinkedHashSet<>();
    for (Route r : routes) {
      if (r.when().test(event)) {
        to.addAll(r.to());
      }
    }
    return to.isEmpty() ? List.of(defaultTopic) : List.copyOf(to);
  }

  public long version() {
    return version;
  }

  public String defaultTopic() {
    return defaultTopic;
  }

  public int size() {
    return routes.size();
  }

  /** This rule set as the startup rules, in force from the beginning of time. */
  public RuleChange asInitial() {
    return RuleChange.initial(version, text);
  }

  /** The text it was parsed from, as published. */
  public String text() {
    return text;
  }

  private static String topicName(JsonNode node, String where) {
    if (node == null || !node.isTextual() || !node.asText().matches("[A-Za-z0-9._-]{1,249}")) {
      throw new InvalidRules(where + " must be a Kafka topic name");
    }
    return node.asText();
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
