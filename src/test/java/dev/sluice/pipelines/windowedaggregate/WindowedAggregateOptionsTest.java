package dev.sluice.pipelines.windowedaggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.time.Durations;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
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

  /** Every duration flag refuses a negative value, and the window a zero one, naming the flag. */
  @Test
  void negativeDurationsAndAZeroWindowAreRefusedNamingTheFlag() {
    String[][] bad = {
      {"--allowedLateness=PT-30S", "--allowedLateness"},
      {"--allowedLateness=-PT30S", "--allowedLateness"},
      {"--window=0s", "--window"},
      {"--window=PT-10S", "--window"},
      {"--earlyFiring=PT-1S", "--earlyFiring"},
      {"--maxOutOfOrderness=PT-5S", "--maxOutOfOrderness"},
      {"--idleTimeout=PT-5S", "--idleTimeout"},
      {"--maxFutureSkew=PT-1H", "--maxFutureSkew"},
    };
    for (String[] flag : bad) {
      WindowedAggregatePipeline.Options options =
          PipelineOptionsFactory.fromArgs(
                  "--runner=DirectRunner",
                  "--bootstrapServers=127.0.0.1:1",
                  "--inputTopic=in",
                  "--outputTopic=out",
                  "--deadLetterTopic=dead",
                  "--lateTopic=late",
                  flag[0])
              .as(WindowedAggregatePipeline.Options.class);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> WindowedAggregatePipeline.build(options),
              flag[0]);
      assertTrue(e.getMessage().startsWith(flag[1] + " "), flag[0] + ": " + e.getMessage());
    }
  }

  @Test
  void durationsRefuseNegativesEvenWithoutAFlagName() {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("PT-30S"));
    assertEquals(java.time.Duration.ZERO, Durations.parse("0s"));
  }

  /** Count windows refuse what they cannot do, in one line naming the flag. */
  @Test
  void badCountWindowCombinationsAreRefusedAtLaunch() {
    String[][] bad = {
      {"--countSlide=2", "--countSlide needs --countWindow"},
      {"--countWindow=-1", "--countWindow and --countSlide must be positive"},
      {"--countWindow=3 --countSlide=-2", "--countWindow and --countSlide must be positive"},
      {"--countWindow=3 --aggregation=sql", "--countWindow works with --aggregation=combine only"},
      {"--countWindow=3 --earlyFiring=5s", "--countWindow emits each window once"},
      {"--countWindow=3 --countIdleTimeout=0s", "--countIdleTimeout "},
    };
    for (String[] flag : bad) {
      java.util.List<String> args =
          new java.util.ArrayList<>(
              java.util.List.of(
                  "--runner=DirectRunner",
                  "--bootstrapServers=127.0.0.1:1",
                  "--inputTopic=in",
                  "--outputTopic=out",
                  "--deadLetterTopic=dead",
                  "--lateTopic=late"));
      args.addAll(java.util.List.of(flag[0].split(" ")));
      WindowedAggregatePipeline.Options options =
          PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
              .as(WindowedAggregatePipeline.Options.class);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> WindowedAggregatePipeline.build(options),
              flag[0]);
      assertTrue(e.getMessage().startsWith(flag[1]), flag[0] + ": " + e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void aCountWindowBuildsWithTheSlideDefaultingToTheLength() {
    WindowedAggregatePipeline.Options options =
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--inputTopic=in",
                "--outputTopic=out",
                "--deadLetterTopic=dead",
                "--lateTopic=late",
                "--countWindow=4")
            .as(WindowedAggregatePipeline.Options.class);
    assertEquals(
        new dev.sluice.transforms.CountWindows.Settings(4, 4, 3_600_000),
        CountWindowedAggregate.settings(options));
    WindowedAggregatePipeline.build(options);
  }
}
