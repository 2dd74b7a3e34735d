package dev.sluice.pipelines.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.rules.Condition;
import dev.sluice.rules.InvalidRules;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleSetTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final String RULES =
      """
      version: 3
      default: other
      routes:
        - name: hot
          to: [alerts, audit]
          when:
            all:
              - {field: type, equals: sensor.reading}
              - {field: data.value, range: {min: 90, max: 1000}}
        - name: eu
          to: eu-events
          when: {any: [{field: source, regex: "/eu/.*"}, {field: region, in: [de, fr]}]}
        - name: unlabelled
          to: [audit]
          when: {not: {field: data.label, exists: true}}
      """;

  /** An event as rules see it: attribute and data.* lookups in a flat map. */
  static Condition.Fields event(Map<String, Object> fields) {
    return name -> {
      if (name.startsWith("data.")) {
        JsonNode data = JSON.valueToTree(fields.getOrDefault("data", Map.of()));
        return data.get(name.substring(5));
      }
      return fields.containsKey(name) ? JSON.valueToTree(fields.get(name)) : null;
    };
  }

  @Test
  void anEventGoesToEveryMatchingRouteOnceAndUnmatchedToTheDefault() {
    RuleSet rules = RuleSet.parse(RULES);
    assertEquals(3, rules.version());
    assertEquals(
        List.of("alerts", "audit"),
        rules.route(
            event(Map.of("type", "sensor.reading", "data", Map.of("value", 95, "label", "x")))));
    // 1000 is inside the inclusive range; 90.0 equals 90; no label adds audit only once
    assertEquals(
        List.of("alerts", "audit"),
        rules.route(event(Map.of("type", "sensor.reading", "data", Map.of("value", 1000)))));
    assertEquals(
        List.of("eu-events"),
        rules.route(event(Map.of("source", "/eu/berlin", "data", Map.of("label", "y")))));
    assertEquals(
        List.of("eu-events"),
        rules.route(event(Map.of("region", "fr", "data", Map.of("label", "y")))));
    assertEquals(
        List.of("other"),
        rules.route(
            event(Map.of("type", "sensor.reading", "data", Map.of("value", 89.9, "label", "z")))));
    // a text "95" is not a number in a range
    assertEquals(
        List.of("other"),
        rules.route(
            event(Map.of("type", "sensor.reading", "data", Map.of("value", "95", "label", "z")))));
    assertEquals(Set.of("alerts", "audit", "eu-events", "other"), rules.topics());
  }

  @Test
  void aBrokenRuleSetIsRefusedWithOneReason() {
    assertReason("version: 0\ndefault: a", "version must be at least 1");
    assertReason("version: 1.5\ndefault: a", "version must be a whole number");
    assertReason("version: 2", "default must be a Kafka topic name");
    assertReason(
        "version: 2\ndefault: a\nroutes: [{name: r, to: b, when: {field: x, regex: '('}}]",
        "route 'r': bad regex");
    assertReason(
        "version: 2\ndefault: a\nroutes: [{name: r, to: b, when: {field: x, range: {min: 5, max: 1}}}]",
        "range min 5 is above max 1");
    assertReason(
        "version: 2\ndefault: a\nroutes: [{name: r, to: b, when: {field: x, like: y}}]",
        "needs exactly one of equals, in, range, regex, exists");
    assertReason(
        "version: 2\ndefault: a\nroutes: [{name: r, to: b}, {name: r, to: c}]",
        "two routes are named 'r'");
    assertReason("version: 2\ndefault: a\nroutes: [{name: r, to: []}]", "needs at least one topic");
    assertReason("version: 2\ndefault: a\nroutez: []", "unknown key 'routez'");
    assertReason("{{{", "not YAML or JSON");
    assertReason("- just\n- a list", "a rule set is a mapping");
  }

  @Test
  void aRuleSetMaySendOnlyToTheRoutersOutputs() {
    RuleSet rules = RuleSet.parse(RULES);
    InvalidRules e =
        assertThrows(
            InvalidRules.class,
            () -> rules.requireTopicsWithin(Set.of("alerts", "audit", "other")));
    assertTrue(
        e.getMessage().contains("[eu-events] are not outputs of this router"), e.getMessage());
  }

  @Test
  void theShippedRuleSetIsValid() {
    RuleSet shipped = RuleSet.parse(dev.sluice.kit.PipelineResources.text("router/rules.yaml"));
    assertTrue(shipped.size() > 0);
  }

  private static void assertReason(String text, String reason) {
    InvalidRules e = assertThrows(InvalidRules.class, () -> RuleSet.parse(text));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }
}
