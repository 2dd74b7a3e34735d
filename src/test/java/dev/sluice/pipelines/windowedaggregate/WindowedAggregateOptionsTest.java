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
    assertTrue(
        e.getMessage().contains("--aggregation must be 'auto', 'keyed', 'combine' or 'sql'"),
        e.getMessage());
  }

  /**
   * --aggregation=auto takes the per-key step wherever it gives Beam's panes, combine elsewhere.
   */
  @Test
  void autoAggregatesPerKeyExceptSessionsAndEarlyPanes() {
    String[][] cases = {
      {"", "true"},
      {"--windowing=sliding --slide=5s", "true"},
      {"--windowing=session --gap=30s", "false"},
      {"--earlyFiring=5s", "false"},
      {"--aggregation=combine", "false"},
      {"--aggregation=sql", "false"},
      {"--aggregation=keyed", "true"},
    };
    for (String[] c : cases) {
      java.util.List<String> args =
          new java.util.ArrayList<>(java.util.List.of("--runner=DirectRunner"));
      if (!c[0].isEmpty()) {
        args.addAll(java.util.List.of(c[0].split(" ")));
      }
      WindowedAggregatePipeline.Options options =
          PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
              .as(WindowedAggregatePipeline.Options.class);
      assertEquals(
          Boolean.parseBoolean(c[1]),
          WindowedAggregatePipeline.perKeyState(options, TimeWindowing.of(options)),
          c[0]);
    }
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

  private static WindowedAggregatePipeline.Options parse(String... flags) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "--runner=DirectRunner",
                "--bootstrapServers=127.0.0.1:1",
                "--inputTopic=in",
                "--outputTopic=out",
                "--deadLetterTopic=dead",
                "--lateTopic=late"));
    args.addAll(java.util.List.of(flags));
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .as(WindowedAggregatePipeline.Options.class);
  }

  /** Each bad combination of time-window flags is refused at launch in one line naming the fix. */
  @Test
  void badWindowingFlagsAreRefusedInOneLineNamingTheFix() {
    String[][] bad = {
      {"--windowing=tumbling", "--windowing must be 'fixed', 'sliding' or 'session'"},
      {"--slide=5s", "--slide is for sliding windows: add --windowing=sliding"},
      {"--gap=5s", "--gap is for session windows: add --windowing=session"},
      {"--windowing=sliding --slide=5s --gap=2s", "--gap is for session windows"},
      {"--windowing=session --gap=5s --slide=2s", "--slide is for sliding windows"},
      {"--windowing=sliding", "--windowing=sliding needs --slide, e.g. --slide=5s"},
      {"--windowing=sliding --slide=20s", "--slide 20s is longer than --window 10s: lower it"},
      {"--windowing=sliding --slide=3s", "--slide 3s must divide --window 10s"},
      {"--windowing=sliding --slide=0s", "--slide '0s' must be longer than zero"},
      {"--windowing=sliding --slide=PT-5S", "--slide "},
      {"--windowing=session", "--windowing=session needs --gap, e.g. --gap=30s"},
      {"--windowing=session --gap=0s", "--gap '0s' must be longer than zero"},
      {"--windowing=session --gap=PT-5S", "--gap "},
    };
    for (String[] c : bad) {
      WindowedAggregatePipeline.Options options = parse(c[0].split(" "));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> WindowedAggregatePipeline.build(options), c[0]);
      assertTrue(e.getMessage().startsWith(c[1]), c[0] + ": " + e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), c[0] + ": not one line: " + e.getMessage());
    }
  }

  @Test
  void goodWindowingFlagsBuildTheirWindows() {
    assertEquals(
        "sliding PT10S every PT5S, lateness PT30S",
        TimeWindowing.of(parse("--windowing=sliding", "--slide=5s")).toString());
    assertEquals(
        "sessions with gap PT30S, lateness PT30S",
        TimeWindowing.of(parse("--windowing=session", "--gap=30s")).toString());
    assertEquals("fixed PT10S, lateness PT30S", TimeWindowing.of(parse()).toString());
    WindowedAggregatePipeline.build(parse("--windowing=sliding", "--slide=10s", "--window=10s"));
    WindowedAggregatePipeline.build(parse("--windowing=session", "--gap=1m", "--aggregation=sql"));
  }

  /** Fixed windows keep the accounting they had; sliding windows add memberships = k x admitted. */
  @Test
  void accountingAddsWindowMembershipsForSlidingWindowsAndSessions() {
    dev.sluice.kit.RunSummary sliding =
        new dev.sluice.kit.RunSummary(
            "windowed-aggregate",
            "DirectRunner",
            org.apache.beam.sdk.PipelineResult.State.DONE,
            java.time.Duration.ZERO,
            java.util.Map.of(
                "records_read", 10L,
                "events_valid", 10L,
                "events_aggregated", 10L,
                "window_memberships", 30L));
    var slidingOptions = parse("--windowing=sliding", "--window=15s", "--slide=5s");
    String line = WindowedAggregatePipeline.SPEC.accounting(slidingOptions).line(sliding);
    assertTrue(line.contains("window_memberships 30 = 3 x events_aggregated 10"), line);
    assertTrue(WindowedAggregatePipeline.SPEC.accounting(slidingOptions).balanced(sliding), line);
    var sessionOptions = parse("--windowing=session", "--gap=5s");
    assertTrue(
        !WindowedAggregatePipeline.SPEC.accounting(sessionOptions).balanced(sliding),
        "a session counts each event once");
    assertEquals(
        WindowedAggregatePipeline.SPEC.accounting().line(sliding),
        WindowedAggregatePipeline.SPEC.accounting(parse()).line(sliding));
    assertTrue(
        !WindowedAggregatePipeline.SPEC.accounting(parse()).line(sliding).contains("window_"));
  }

  /** Count windows refuse what they cannot do, in one line naming the flag. */
  @Test
  void badCountWindowCombinationsAreRefusedAtLaunch() {
    String[][] bad = {
      {"--countSlide=2", "--countSlide needs --countWindow"},
      {"--countWindow=-1", "--countWindow and --countSlide must be positive"},
      {"--countWindow=3 --countSlide=-2", "--countWindow and --countSlide must be positive"},
      {
        "--countWindow=3 --aggregation=sql",
        "--countWindow aggregates by count: drop --aggregation=sql"
      },
      {"--countWindow=3 --earlyFiring=5s", "--countWindow emits each window once"},
      {"--countWindow=3 --countIdleTimeout=0s", "--countIdleTimeout "},
      {"--countWindow=3 --windowing=session --gap=5s", "--countWindow counts events, not time"},
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
