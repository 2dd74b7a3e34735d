package dev.sluice.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A test over one event (or anything that looks fields up by name): a field compared with a value
 * ({@code equals}, {@code in}, {@code range}, {@code regex}, {@code exists}) or a combination
 * ({@code all}, {@code any}, {@code not}). Fields are envelope attributes ({@code type}, {@code
 * source}, {@code subject}, {@code key}, {@code id}, {@code datacontenttype}, {@code dataschema},
 * an extension's name) or {@code data.a.b} paths; a user of the language may add its own
 * (payments-risk adds {@code features.*}).
 */
public sealed interface Condition extends Serializable {

  /** Looks a field up in the event; null when it is absent. */
  interface Fields extends Function<String, JsonNode> {}

  boolean test(Fields event);

  record Equals(String field, JsonNode value) implements Condition {
    @Override
    public boolean test(Fields event) {
      return same(event.apply(field), value);
    }
  }

  record In(String field, List<JsonNode> values) implements Condition {
    @Override
    public boolean test(Fields event) {
      JsonNode actual = event.apply(field);
      return values.stream().anyMatch(v -> same(actual, v));
    }
  }

  /** Inclusive bounds; either may be null. Only numbers are in a range. */
  record Range(String field, BigDecimal min, BigDecimal max) implements Condition {
    @Override
    public boolean test(Fields event) {
      JsonNode actual = event.apply(field);
      if (actual == null || !actual.isNumber()) {
        return false;
      }
      BigDecimal v = actual.decimalValue();
      return (min == null || v.compareTo(min) >= 0) && (max == null || v.compareTo(max) <= 0);
    }
  }

  /** The whole text value must match (use .* for a search). */
  record Regex(String field, Pattern pattern) implements Condition {
    @Override
    public boolean test(Fields event) {
      JsonNode actual = event.apply(field);
      return actual != null && actual.isValueNode() && pattern.matcher(actual.asText()).matches();
    }
  }

  record Exists(String field, boolean present) implements Condition {
    @Override
    public boolean test(Fields event) {
      JsonNode actual = event.apply(field);
      return (actual != null && !actual.isNull()) == present;
    }
  }

  record All(List<Condition> conditions) implements Condition {
    @Override
    public boolean test(Fields event) {
      return conditions.stream().allMatch(c -> c.test(event));
    }
  }

  record Any(List<Condition> conditions) implements Condition {
    @Override
    public boolean test(Fields event) {
      return conditions.stream().anyMatch(c -> c.test(event));
    }
  }

  record Not(Condition condition) implements Condition {
    @Override
    public boolean test(Fields event) {
      return !condition.test(event);
    }
  }

  /** Numbers compare by value (1 equals 1.0), everything else by JSON equality. */
  private static boolean same(JsonNode actual, JsonNode expected) {
    if (actual == null) {
      return false;
    }
    if (actual.isNumber() && expected.isNumber()) {
      return actual.decimalValue().compareTo(expected.decimalValue()) == 0;
    }
    return actual.equals(expected);
  }

  /** The condition keys a rule may use, for error messages. */
  Set<String> KINDS = Set.of("equals", "in", "range", "regex", "exists", "all", "any", "not");
}
