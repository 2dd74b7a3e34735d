package dev.sluice.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;

class AccountingTest {

  private final Accounting accounting =
      Accounting.of().identity("read", "valid", "invalid").zero("dropped");

  private static RunSummary summary(Map<String, Long> counters) {
    return new RunSummary("p", "DirectRunner", PipelineResult.State.DONE, Duration.ZERO, counters);
  }

  @Test
  void balancedWhenEveryIdentityHoldsAndTheZerosAreZero() {
    RunSummary s = summary(Map.of("read", 10L, "valid", 9L, "invalid", 1L, "dropped", 0L));
    assertTrue(accounting.balanced(s));
    assertEquals(
        "accounting: read 10 = valid 9 + invalid 1; dropped 0 -> every event accounted for",
        accounting.line(s));
  }

  @Test
  void aMissingEventOrADropIsAMismatch() {
    assertFalse(accounting.balanced(summary(Map.of("read", 10L, "valid", 8L, "invalid", 1L))));
    RunSummary dropped = summary(Map.of("read", 10L, "valid", 9L, "invalid", 1L, "dropped", 2L));
    assertFalse(accounting.balanced(dropped));
    assertTrue(accounting.line(dropped).endsWith("-> MISMATCH"), accounting.line(dropped));
  }

  /** Sliding windows: each admitted event is counted in size/slide windows, no more, no less. */
  @Test
  void aMultipleHoldsOnlyAtExactlyTheFactor() {
    Accounting sliding = Accounting.of().multiple("memberships", 3, "admitted");
    RunSummary exact = summary(Map.of("memberships", 30L, "admitted", 10L));
    assertTrue(sliding.balanced(exact));
    assertEquals(
        "accounting: memberships 30 = 3 x admitted 10 -> every event accounted for",
        sliding.line(exact));
    assertFalse(sliding.balanced(summary(Map.of("memberships", 29L, "admitted", 10L))));
    assertFalse(sliding.balanced(summary(Map.of("memberships", 31L, "admitted", 10L))));
  }

  @Test
  void anOptionalIdentityIsPrintedOnlyOnceUsedButAlwaysChecked() {
    Accounting optional = Accounting.of().identity("read", "valid").identityWhenUsed("in", "out");
    RunSummary unused = summary(Map.of("read", 3L, "valid", 3L));
    assertTrue(optional.balanced(unused));
    assertEquals(
        "accounting: read 3 = valid 3 -> every event accounted for", optional.line(unused));
    RunSummary used = summary(Map.of("read", 3L, "valid", 3L, "in", 3L, "out", 2L));
    assertFalse(optional.balanced(used));
    assertEquals("accounting: read 3 = valid 3; in 3 = out 2 -> MISMATCH", optional.line(used));
  }
}
