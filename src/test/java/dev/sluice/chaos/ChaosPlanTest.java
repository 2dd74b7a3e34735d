package dev.sluice.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChaosPlanTest {

  @Test
  void anotherRateKeepsThePhases() {
    ChaosPlan full = ChaosPlan.full();
    ChaosPlan sharp = full.withRate(1000);
    assertEquals(1000, sharp.rate());
    assertEquals(
        new ChaosPlan(1000, full.warmUp(), full.outage(), full.afterRecovery(), full.settle()),
        sharp);
  }

  @Test
  void aRateOfNothingIsRefusedNamingTheFlag() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ChaosPlan.quick().withRate(0));
    assertTrue(e.getMessage().startsWith("--rate"), e.getMessage());
  }
}
