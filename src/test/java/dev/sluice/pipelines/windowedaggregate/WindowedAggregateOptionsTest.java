package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WindowedAggregateOptionsTest {

  @Test
  void aggregationIsCombineOrSqlAndNothingElse() {
    assertEquals(null, WindowedAggregatePipeline.aggregationSql("combine"));
    assertTrue(WindowedAggregatePipeline.aggregationSql("sql").contains("GROUP BY event_key"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WindowedAggregatePipeline.aggregationSql("SQL"));
    assertTrue(e.getMessage().contains("--aggregation must be 'combine' or 'sql'"), e.getMessage());
  }
}
