package dev.sluice.bench;

import dev.sluice.event.DataExtractor;
import dev.sluice.event.EventParser;
import dev.sluice.event.RawRecord;
import dev.sluice.generator.ClickstreamConfig;
import dev.sluice.generator.ClickstreamGenerator;
import dev.sluice.generator.EventGenerator;
import dev.sluice.generator.GeneratedRecord;
import dev.sluice.generator.GeneratorConfig;
import dev.sluice.generator.IotConfig;
import dev.sluice.generator.IotGenerator;
import dev.sluice.generator.PaymentsConfig;
import dev.sluice.generator.PaymentsGenerator;
import dev.sluice.pipelines.clickstream.ClickFields;
import dev.sluice.pipelines.iottelemetry.SensorMetrics;
import dev.sluice.pipelines.paymentsrisk.Payment;
import dev.sluice.pipelines.windowedaggregate.ReadingExtractor;
import dev.sluice.schema.RegisteredSchemas;
import dev.sluice.schema.SchemaFiles;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/bench --parse-cost}: what {@code --schemaRegistry}'s check adds to the parse step,
 * in CPU microseconds per record on one thread, for each scenario's generated records. Both
 * variants run side by side, alternating rounds, so machine drift hits them alike; the schemas are
 * the shipped ones, compiled as a registry-loaded set would be. The native jobs' parse of the
 * windowed-aggregate records is measured the same way, as a reference.
 */
public final class ParseCost {

  private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
  private static final int ROUNDS = 7;

  private ParseCost() {}

  private record Scenario(
      String name, DataExtractor<?> fields, Iterator<GeneratedRecord> records) {}

  public static void main(String[] args) throws Exception {
    int events = 200_000;
    Path out = Path.of("target/bench/results");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--parse-cost" -> {}
        case "--events" -> events = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> {
          System.err.println("usage: scripts/bench --parse-cost [--events N] [--out DIR]");
          System.exit(2);
        }
      }
    }
    RegisteredSchemas schemas = SchemaFiles.asFixedSet(Path.of("pipelines"));
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    Map<String, Double> chart = new LinkedHashMap<>();
    System.out.printf(
        "parse-cost: %,d records per scenario, %d rounds, median CPU us/record on one thread%n",
        events, ROUNDS);
    List<String> rows = new ArrayList<>();
    for (Scenario s : scenarios(events)) {
      System.out.printf("parse-cost: generating %s ...%n", s.name);
      List<RawRecord> records = materialize(s.records, events);
      EventParser plain = new EventParser(Duration.ofHours(1)).requiring(s.fields);
      EventParser checked = plain.checking(schemas);
      double[] a = new double[ROUNDS];
      double[] b = new double[ROUNDS];
      parseAll(plain, records); // warm-up, both
      parseAll(checked, records);
      for (int r = 0; r < ROUNDS; r++) {
        a[r] = usPerRecord(cpu, plain, records);
        b[r] = usPerRecord(cpu, checked, records);
      }
      double pa = median(a);
      double pb = median(b);
      System.out.printf("parse-cost: %s %.2f -> %.2f us/record%n", s.name, pa, pb);
      if (s.name.equals("windowed-aggregate")) {
        // The native Flink and Kafka Streams jobs' parse (a Jackson tree, three fields), for
        // reference: it checks none of what Sluice's does.
        double[] n = new double[ROUNDS];
        nativeAll(records);
        for (int r = 0; r < ROUNDS; r++) {
          long t0 = cpu.getCurrentThreadCpuTime();
          nativeAll(records);
          n[r] = (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / records.size();
        }
        double pn = median(n);
        System.out.printf("parse-cost: the native jobs' parse %.2f us/record%n", pn);
        rows.add(String.format("%-20s %12.2f %14s %8s", "  native jobs' parse", pn, "-", "-"));
        chart.put("native jobs' parse (Reading.parse)", pn);
      }
      rows.add(String.format("%-20s %12.2f %14.2f %7.2fx", s.name, pa, pb, pb / pa));
      chart.put(s.name + ": parse", pa);
      chart.put(s.name + ": parse + schema", pb);
    }
    System.out.printf("%n%-20s %12s %14s %8s%n", "scenario", "parse", "parse+schema", "ratio");
    rows.forEach(System.out::println);
    java.nio.file.Files.createDirectories(out);
    Path png = out.resolve("parse-cost.png");
    Chart.bars(chart, "Parse step, CPU us per record (lower is better)", "CPU us/record", png);
    System.out.println("parse-cost: chart " + png);
  }

  private static List<Scenario> scenarios(int events) {
    return List.of(
        new Scenario(
            "windowed-aggregate",
            new ReadingExtractor("value"),
            new EventGenerator(
                GeneratorConfig.builder().seed(1).count(events).startTime(START).build())),
        new Scenario(
            "iot-telemetry",
            new SensorMetrics(List.of("temperature", "humidity", "battery")),
            new IotGenerator(IotConfig.defaults(2, START))),
        new Scenario(
            "clickstream",
            new ClickFields(),
            new ClickstreamGenerator(ClickstreamConfig.defaults(3, 2_000, START))),
        new Scenario(
            "payments-risk",
            Payment.EXTRACTOR,
            new PaymentsGenerator(
                new PaymentsConfig(
                    4,
                    20_000,
                    START,
                    Duration.ofDays(2),
                    PaymentsConfig.DEFAULT_FRAUD_CARD_SHARE,
                    "p-"))));
  }

  private static List<RawRecord> materialize(Iterator<GeneratedRecord> generator, int max) {
    List<RawRecord> records = new ArrayList<>();
    while (generator.hasNext() && records.size() < max) {
      GeneratedRecord g = generator.next();
      long produced =
          g.eventTime() == null ? START.toEpochMilli() : g.eventTime().toEpochMilli() + 1;
      records.add(
          new RawRecord(
              "events",
              0,
              records.size(),
              produced,
              g.keyBytes(),
              g.value(),
              g.headers().stream().map(h -> new RawRecord.Header(h.name(), h.value())).toList()));
    }
    return records;
  }

  private static double usPerRecord(ThreadMXBean cpu, EventParser parser, List<RawRecord> records) {
    long t0 = cpu.getCurrentThreadCpuTime();
    int valid = parseAll(parser, records);
    long ns = cpu.getCurrentThreadCpuTime() - t0;
    if (valid == 0) {
      throw new IllegalStateException("no record parsed: the benchmark would measure nothing");
    }
    return ns / 1e3 / records.size();
  }

  private static int parseAll(EventParser parser, List<RawRecord> records) {
    int valid = 0;
    for (RawRecord r : records) {
      if (parser.parse(r).isValid()) {
        valid++;
      }
    }
    return valid;
  }

  private static int nativeAll(List<RawRecord> records) {
    int valid = 0;
    for (RawRecord r : records) {
      if (Reading.parse(r.value()) != null) {
        valid++;
      }
    }
    return valid;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
