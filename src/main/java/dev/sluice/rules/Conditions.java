package dev.sluice.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a {@link Condition} from its YAML/JSON form, refusing anything ambiguous. */
public final class Conditions {

  private Conditions() {}

  /**
   * @param where names the rule in error messages, e.g. {@code route 'hot'}
   * @throws InvalidRules naming {@code where} and the problem
   */
  public static Condition parse(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new InvalidRules(where + ": a condition is a mapping, e.g. {field: type, equals: x}");
    }
    if (node.has("all") || node.has("any")) {
      String kind = node.has("all") ? "all" : "any";
      onlyKeys(node, where, kind);
      JsonNode list = node.get(kind);
      if (!list.isArray() || list.isEmpty()) {
        throw new InvalidRules(where + ": '" + kind + "' takes a non-empty list of conditions");
      }
      List<Condition> parts = new ArrayList<>();
      list.forEach(c -> parts.add(parse(c, where)));
      return kind.equals("all") ? new Condition.All(parts) : new Condition.Any(parts);
    }
    if (node.has("not")) {
      onlyKeys(node, where, "not");
      return new Condition.Not(parse(node.get("not"), where));
    }
    JsonNode field = node.get("field");
    if (field == null || !field.isTextual() || field.asText().isBlank()) {
      throw new InvalidRules(where + ": a condition needs a field (or all/any/not)");
    }
    String f = field.asText();
    List<String> tests = new ArrayList<>();
    node.fieldNames().forEachRemaining(k -> tests.add(k));
    tests.remove("field");
    if (tests.size() != 1 || !Condition.KINDS.contains(tests.get(0))) {
      throw new InvalidRules(
          where + ": field '" + f + "' needs exactly one of equals, in, range, regex, exists");
    }
    JsonNode arg = node.get(tests.get(0));
    return switch (tests.get(0)) {
      case "equals" -> new Condition.Equals(f, scalar(arg, where));
      case "in" -> {
        if (!arg.isArray() || arg.isEmpty()) {
          throw new InvalidRules(where + ": 'in' takes a non-empty list");
        }
        List<JsonNode> values = new ArrayList<>();
        arg.forEach(v -> values.add(scalar(v, where)));
        yield new Condition.In(f, values);
      }
      case "range" -> range(f, arg, where);
      case "regex" -> {
        if (!arg.isTextual()) {
          throw new InvalidRules(where + ": 'regex' takes a string");
        }
        try {
          yield new Condition.Regex(f, Pattern.compile(arg.asText()));
        } catch (PatternSyntaxException e) {
          throw new InvalidRules(where + ": bad regex: " + e.getDescription());
        }
      }
      case "exists" -> {
        if (!arg.isBoolean()) {
          throw new InvalidRules(where + ": 'exists' takes true or false");
        }
        yield new Condition.Exists(f, arg.asBoolean());
      }
      default -> throw new InvalidRules(where + ": unknown test '" + tests.get(0) + "'");
    };
  }

  private static Condition range(String field, JsonNode arg, String where) {
    if (!arg.isObject()) {
      throw new InvalidRules(where + ": 'range' takes {min: N, max: N}");
    }
    onlyKeys(arg, where + ": range", "min", "max");
    BigDecimal min = bound(arg.get("min"), where);
    BigDecimal max = bound(arg.get("max"), where);
    if (min == null && max == null) {
      throw new InvalidRules(where + ": 'range' needs min, max or both");
    }
    if (min != null && max != null && min.compareTo(max) > 0) {
      throw new InvalidRules(where + ": range min " + min + " is above max " + max);
    }
    return new Condition.Range(field, min, max);
  }

  private static BigDecimal bound(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber()) {
      throw new InvalidRules(where + ": range bounds must be numbers");
    }
    return node.decimalValue();
  }

  private static JsonNode scalar(JsonNode node, String where) {
    if (node == null || !node.isValueNode() || node.isNull()) {
      throw new InvalidRules(where + ": compare with a string, number or boolean");
    }
    return node;
  }

  /** Refuses a mapping with a key outside {@code allowed}: a typo must not pass silently. */
  public static void onlyKeys(JsonNode node, String where, String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!ok.contains(key)) {
        throw new InvalidRules(where + ": unknown key '" + key + "' (expected " + ok + ")");
      }
    }
  }

  /** Every field a condition reads, sorted: lets a rule file refuse names it cannot look up. */
  public static Set<String> fields(Condition c) {
    Set<String> out = new TreeSet<>();
    collect(c, out);
    return out;
  }

  private static void collect(Condition c, Set<String> out) {
    if (c instanceof Condition.Equals e) {
      out.add(e.field());
    } else if (c instanceof Condition.In in) {
      out.add(in.field());
    } else if (c instanceof Condition.Range r) {
      out.add(r.field());
    } else if (c instanceof Condition.Regex r) {
      out.add(r.field());
    } else if (c instanceof Condition.Exists e) {
      out.add(e.field());
    } else if (c instanceof Condition.All all) {
      all.conditions().forEach(p -> collect(p, out));
    } else if (c instanceof Condition.Any any) {
      any.conditions().forEach(p -> collect(p, out));
    } else if (c instanceof Condition.Not not) {
      collect(not.condition(), out);
    }
  }
}
