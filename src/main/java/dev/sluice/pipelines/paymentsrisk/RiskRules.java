package dev.sluice.pipelines.paymentsrisk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.event.Event;
import dev.sluice.kit.PipelineResources;
import dev.sluice.rules.Condition;
import dev.sluice.rules.Conditions;
import dev.sluice.rules.EventFields;
import dev.sluice.rules.InvalidRules;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Weighted risk rules (pipelines/payments-risk/rules.yaml):
 *
 * <pre>
 * version: 1
 * tiers: {review: 40, block: 80}
 * rules:
 *   - name: tiny-amount-burst
 *     weight: 60
 *     when: {all: [{field: features.count1m, range: {min: 3}}, {field: data.amount, range: {max: 2}}]}
 * </pre>
 *
 * A payment's score is the sum of the weights of every rule whose condition it meets (weights are
 * whole numbers, negative ones lower the score); score >= block blocks it, score >= review sends it
 * to review, anything less approves it. Conditions are the shared language of {@code
 * dev.sluice.rules} over the event ({@code type}, {@code subject}, {@code data.amount}, ...) and
 * the card's {@code features.*} ({@link Features#NAMES}).
 */
public final class RiskRules implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The rule file shipped in the jar. */
  public static final String RESOURCE = "payments-risk/rules.yaml";

  /** One weighted rule. */
  public record Rule(String name, int weight, Condition when) implements Serializable {}

  private final long version;
  private final int review;
  private final int block;
  private final List<Rule> rules;
  private final String text;

  private RiskRules(long version, int review, int block, List<Rule> rules, String text) {
    this.text = text;
    this.version = version;
    this.review = review;
    this.block = block;
    this.rules = List.copyOf(rules);
  }

  /** The rule file shipped in the jar ({@code pipelines/payments-risk/rules.yaml}). */
  public static RiskRules fromClasspath() {
    return parse(PipelineResources.text(RESOURCE));
  }

  public static RiskRules fromFile(Path file) throws IOException {
    try {
      return parse(Files.readString(file));
    } catch (InvalidRules e) {
      throw new InvalidRules(file + ": " + e.getMessage());
    }
  }

  /** Parses and checks a rule file; throws {@link InvalidRules} naming the rule at fault. */
  public static RiskRules parse(String text) {
    Object loaded;
    try {
      loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (RuntimeException e) {
      throw new InvalidRules("not YAML or JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (!(loaded instanceof Map)) {
      throw new InvalidRules("a risk rule file is a mapping with version, tiers and rules");
    }
    JsonNode root = JSON.valueToTree(loaded);
    Conditions.onlyKeys(root, "risk rules", "version", "tiers", "rules");
    JsonNode version = root.get("version");
    if (version == null || !version.isIntegralNumber() || version.asLong() < 1) {
      throw new InvalidRules("version must be a whole number, at least 1");
    }
    JsonNode tiers = root.get("tiers");
    if (tiers == null || !tiers.isObject()) {
      throw new InvalidRules("tiers must be a mapping {review: N, block: N}");
    }
    Conditions.onlyKeys(tiers, "tiers", "review", "block");
    int review = whole(tiers.get("review"), "tiers: review");
    int block = whole(tiers.get("block"), "tiers: block");
    if (review < 1 || block <= review) {
      throw new InvalidRules(
          "tiers: need 1 <= review < block, got review " + review + ", block " + block);
    }
    JsonNode list = root.get("rules");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new InvalidRules("rules must be a non-empty list");
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> names = new TreeSet<>();
    for (JsonNode r : list) {
      Rule rule = rule(r, rules.size());
      if (!names.add(rule.name())) {
        throw new InvalidRules("two rules are named '" + rule.name() + "'");
      }
      rules.add(rule);
    }
    return new RiskRules(version.asLong(), review, block, rules, text);
  }

  private static Rule rule(JsonNode r, int index) {
    String where = "rule " + (index + 1);
    if (!r.isObject()) {
      throw new InvalidRules(where + " must be a mapping with name, weight and when");
    }
    JsonNode name = r.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      throw new InvalidRules(where + " needs a name");
    }
    where = "rule '" + name.asText() + "'";
    Conditions.onlyKeys(r, where, "name", "weight", "when");
    int weight = whole(r.get("weight"), where + ": weight");
    if (!r.has("when")) {
      throw new InvalidRules(where + " needs a condition in 'when'");
    }
    Condition when = Conditions.parse(r.get("when"), where);
    checkFeatures(when, where);
    return new Rule(name.asText(), weight, when);
  }

  /** A misspelt feature would never fire and never say so: refuse it. */
  private static void checkFeatures(Condition c, String where) {
    for (String field : Conditions.fields(c)) {
      if (field.startsWith(Features.PREFIX)
          && !Features.NAMES.contains(field.substring(Features.PREFIX.length()))) {
        throw new InvalidRules(
            where + ": unknown feature '" + field + "' (features are " + Features.NAMES + ")");
      }
    }
  }

  private static int whole(JsonNode node, String where) {
    if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new InvalidRules(where + " must be a whole number");
    }
    return node.asInt();
  }

  /** Scores a payment: the rules it meets, their weights added up, and the tier. */
  public Decision score(Event event, Features features) {
    EventFields eventFields = new EventFields(event);
    Condition.Fields fields =
        name ->
            name.startsWith(Features.PREFIX)
                ? features.field(name.substring(Features.PREFIX.length()))
                : eventFields.apply(name);
    int score = 0;
    List<String> fired = new ArrayList<>();
    for (Rule rule : rules) {
      if (rule.when().test(fields)) {
        score += rule.weight();
        fired.add(rule.name());
      }
    }
    Tier tier = score >= block ? Tier.BLOCK : score >= review ? Tier.REVIEW : Tier.APPROVE;
    return new Decision(score, tier, fired);
  }

  /** The text it was parsed from, as a rules topic carries it. */
  public String text() {
    return text;
  }

  public long version() {
    return version;
  }

  public int reviewAt() {
    return review;
  }

  public int blockAt() {
    return block;
  }

  public List<Rule> rules() {
    return rules;
  }
}
