package dev.sluice.rules;

/** Rules refused (a router rule set, a risk rule file), with the reason naming the rule. */
public final class InvalidRules extends IllegalArgumentException {
  public InvalidRules(String reason) {
    super(reason);
  }
}
