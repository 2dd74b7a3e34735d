package dev.sluice.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * The Kinesis emulator kinesalite, started by the project's own {@code scripts/kinesalite} on a
 * free port of 127.0.0.1 (installed from npm on first use), and a client for streams and records.
 */
public final class Kinesalite implements AutoCloseable {

  private final int port;
  private final Map<String, String> env;
  private final KinesisClient client;

  private Kinesalite(int port, Map<String, String> env) {
    this.port = port;
    this.env = env;
    // kinesalite answers JSON only; the SDK reads this when a client is built.
    System.setProperty("aws.cborEnabled", "false");
    this.client =
        KinesisClient.builder()
            .endpointOverride(URI.create(endpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
  }

  private static Kinesalite shared;

  /**
   * One emulator for every test class in the JVM, stopped by a shutdown hook (tests isolate
   * themselves by stream name). It outlives each test on purpose: the Direct runner does not close
   * a cancelled job's unbounded readers, whose Kinesis threads would otherwise log connection
   * errors into every later test.
   */
  public static synchronized Kinesalite shared() throws Exception {
    if (shared == null) {
      Path dir = java.nio.file.Files.createTempDirectory("sluice-kinesalite");
      shared = start(dir);
      Kinesalite started = shared;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (Exception e) {
                      // The process ends anyway.
                    }
                  },
                  "kinesalite-shutdown"));
    }
    return shared;
  }

  public static Kinesalite start(Path dir) throws Exception {
    int port = ProjectScript.freePort();
    Map<String, String> env =
        Map.of("KINESALITE_PORT", Integer.toString(port), "KINESALITE_DIR", dir.toString());
    ProjectScript.run("kinesalite", env, "start");
    return new Kinesalite(port, env);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public void createStream(String name, int shards) {
    client.createStream(b -> b.streamName(name).shardCount(shards));
    client.waiter().waitUntilStreamExists(b -> b.streamName(name));
  }

  /** The stream's shard ids, in order. */
  public List<String> shards(String stream) {
    return client.listShards(b -> b.streamName(stream)).shards().stream()
        .map(Shard::shardId)
        .toList();
  }

  /** Puts one record into the given shard (by its explicit hash key range's start). */
  public void put(String stream, String shardId, String partitionKey, byte[] data) {
    String hashKey = hashKeyOf(stream, shardId);
    client.putRecord(
        b ->
            b.streamName(stream)
                .partitionKey(partitionKey)
                .explicitHashKey(hashKey)
                .data(SdkBytes.fromByteArray(data)));
  }

  /** The start of the shard's hash key range: a record with it as explicit key lands there. */
  private String hashKeyOf(String stream, String shardId) {
    return client.listShards(b -> b.streamName(stream)).shards().stream()
        .filter(s -> s.shardId().equals(shardId))
        .findFirst()
        .orElseThrow()
        .hashKeyRange()
        .startingHashKey();
  }

  /** Puts records into the given shard in order, a few hundred per request. */
  public void putAll(String stream, String shardId, List<byte[]> records) {
    String hashKey = hashKeyOf(stream, shardId);
    for (int from = 0; from < records.size(); from += 500) {
      List<PutRecordsRequestEntry> batch =
          records.subList(from, Math.min(records.size(), from + 500)).stream()
              .map(
                  data ->
                      PutRecordsRequestEntry.builder()
                          .partitionKey(shardId)
                          .explicitHashKey(hashKey)
                          .data(SdkBytes.fromByteArray(data))
                          .build())
              .toList();
      int failed = client.putRecords(b -> b.streamName(stream).records(batch)).failedRecordCount();
      if (failed > 0) {
        throw new IllegalStateException(failed + " records not put into " + stream);
      }
    }
  }

  public void put(String stream, String shardId, String partitionKey, String data) {
    put(stream, shardId, partitionKey, data.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws Exception {
    client.close();
    ProjectScript.run("kinesalite", env, "stop");
  }
}
