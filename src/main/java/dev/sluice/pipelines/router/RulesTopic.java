package dev.sluice.pipelines.router;

import dev.sluice.kafka.TopicSnapshot;
import dev.sluice.kafka.Topics;
import dev.sluice.rules.InvalidRules;
import dev.sluice.rules.RuleChange;
import dev.sluice.rules.RuleHistory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The compacted topic a running router takes its rule sets from: one key, so compaction keeps the
 * latest; each record's timestamp is the event time from which its rule set applies.
 */
public final class RulesTopic {

  /** The record key of every rule set: compaction keeps only the newest. */
  public static final String KEY = "rules";

  /** One record of the topic: its rule set, or why a router refuses it. */
  public record Entry(long offset, Instant timestamp, RuleSet rules, String refusal) {
    public boolean valid() {
      return rules != null;
    }
  }

  private RulesTopic() {}

  /** Everything on the topic now, oldest first. */
  public static List<Entry> read(String bootstrapServers, String topic) {
    return read(bootstrapServers, topic, null);
  }

  /**
   * Everything on the topic now, oldest first, each judged as a router writing {@code outputs}
   * judges it (null: any topic).
   */
  static List<Entry> read(String bootstrapServers, String topic, Set<String> outputs) {
    List<Entry> entries = new ArrayList<>();
    for (ConsumerRecord<String, String> r : TopicSnapshot.readAll(bootstrapServers, topic)) {
      Instant at = Instant.ofEpochMilli(r.timestamp());
      try {
        RuleSet rules = RuleSet.parse(r.value() == null ? "" : r.value());
        entries.add(
            new Entry(
                r.offset(),
                at,
                outputs == null ? rules : rules.requireTopicsWithin(outputs),
                null));
      } catch (InvalidRules e) {
        entries.add(new Entry(r.offset(), at, null, e.getMessage()));
      }
    }
    return entries;
  }

  /** The newest valid rule set on the topic, if any. */
  public static Optional<Entry> latest(String bootstrapServers, String topic) {
    Entry latest = null;
    for (Entry e : read(bootstrapServers, topic)) {
      if (e.valid() && (latest == null || e.rules().version() > latest.rules().version())) {
        latest = e;
      }
    }
    return Optional.ofNullable(latest);
  }

  /**
   * Publishes a rule set, creating the topic (compacted, one partition) if needed; refuses a
   * version that is not newer than the one published, which a router would refuse too.
   */
  public static RecordMetadata publish(Map<String, Object> client, String topic, RuleSet rules) {
    String servers = String.valueOf(client.get("bootstrap.servers"));
    if (Topics.create(client, topic, 1, Map.of("cleanup.policy", "compact"))) {
      // A new topic has nothing to compare with.
    } else {
      latest(servers, topic)
          .filter(e -> e.rules().version() >= rules.version())
          .ifPresent(
              e -> {
                throw new IllegalArgumentException(
                    "version "
                        + rules.version()
                        + " is not newer than version "
                        + e.rules().version()
                        + " already on "
                        + topic
                        + ": raise 'version' in the file");
              });
    }
    Map<String, Object> props = new HashMap<>(client);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      return producer.send(new ProducerRecord<>(topic, KEY, rules.text())).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("publishing to " + topic + " failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * The rule sets a router with {@code settings} has in force after reading the rules topic up to
   * {@code beforeOffset} (exclusive): the startup rules, then every record it would accept, in
   * offset order (a rule set that does not parse, sends elsewhere, or is not newer is skipped).
   */
  static RuleHistory history(String servers, RouteEvents.Settings settings, long beforeOffset) {
    return history(
        settings,
        read(servers, settings.rulesTopic(), new TreeSet<>(settings.outputs())),
        beforeOffset);
  }

  /** The same over entries already read with the router's outputs. */
  static RuleHistory history(
      RouteEvents.Settings settings, List<Entry> entries, long beforeOffset) {
    RuleHistory history = RuleHistory.startingWith(settings.initial().asInitial());
    for (Entry e : entries) {
      if (e.offset() < beforeOffset && e.valid() && e.rules().version() > history.latestVersion()) {
        history =
            history.with(
                new RuleChange(
                    e.rules().version(), e.timestamp().toEpochMilli(), e.rules().text()));
      }
    }
    return history;
  }

  /** Where {@code group} will resume reading the (one-partition) rules topic; 0 if nowhere. */
  static long committedOffset(Map<String, Object> client, String group, String topic) {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(client)) {
      var committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(30, java.util.concurrent.TimeUnit.SECONDS)
              .get(new org.apache.kafka.common.TopicPartition(topic, 0));
      return committed == null ? 0 : committed.offset();
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(
          "cannot read where group " + group + " stands on " + topic + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static String text(byte[] value) {
    return value == null ? "" : new String(value, StandardCharsets.UTF_8);
  }
}
