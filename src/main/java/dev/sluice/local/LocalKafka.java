package dev.sluice.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) on 127.0.0.1, for
 * the CLI, the demo and the tests. It runs in the calling JVM; {@link LocalKafkaProcess} runs it as
 * a child JVM through {@link #main}.
 */
public final class LocalKafka implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final long READY_TIMEOUT_MS = 60_000;

  private final KafkaRaftServer server;
  private final int port;
  private boolean closed;

  private LocalKafka(KafkaRaftServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Formats {@code dataDir} if needed, starts the broker and returns once it answers clients. */
  public static LocalKafka start(Path dataDir, int port) {
    if (port != 0) {
      requirePortFree(port);
    }
    int brokerPort = port != 0 ? port : freePort();
    // Without KIP-853 dynamic quorums the voter address must be known up front, so pick it now.
    int controllerPort = freePort();
    while (controllerPort == brokerPort) {
      controllerPort = freePort();
    }
    Path logDir = dataDir.resolve("logs");
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Properties props = config(logDir, brokerPort, controllerPort);
    format(dataDir, logDir, props);
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
    LocalKafka kafka = new LocalKafka(server, brokerPort);
    try {
      server.startup();
      kafka.awaitReady();
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    return kafka;
  }

  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  /** Shuts the broker down and waits until its threads and files are released. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
  }

  /** Fails with a one-line message when something already listens on the port. */
  public static void requirePortFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "port "
              + port
              + " is already in use on "
              + HOST
              + " (is another broker running? try 'sluice kafka status')");
    }
  }

  private static Properties config(Path logDir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toAbsolutePath().toString());
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Fewer internal partitions: the first group or transaction on a fresh broker starts faster.
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.num.partitions", "5");
    return p;
  }

  /**
   * Writes meta.properties and the bootstrap metadata once; a formatted directory is reused, so
   * topics survive a restart. StorageTool (the kafka-storage.sh code) keeps this file compiling
   * against kafka_2.13 alone: the 3.9 Formatter class lives in kafka-metadata, a runtime-only
   * dependency of kafka_2.13.
   */
  private static void format(Path dataDir, Path logDir, Properties props) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    Path file = dataDir.resolve("server.properties");
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int code;
    try {
      try (OutputStream out = Files.newOutputStream(file)) {
        props.store(out, "written by dev.sluice.local.LocalKafka for the storage format step");
      }
      String[] args = {
        "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", file.toString()
      };
      code = StorageTool.execute(args, new PrintStream(output, true, StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
    }
    if (code != 0) {
      throw new IllegalStateException(
          "cannot format Kafka storage in "
              + logDir
              + ": "
              + output.toString(StandardCharsets.UTF_8).strip().replace('\n', ' '));
    }
  }

  /** The broker is ready once a client sees it in the cluster metadata. */
  private void awaitReady() {
    Map<String, Object> props =
        Map.of(
            "bootstrap.servers", bootstrapServers(),
            "request.timeout.ms", 5_000,
            "default.api.timeout.ms", 5_000);
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
    try (Admin admin = Admin.create(props)) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
          }
        }
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException(
              "Kafka on "
                  + bootstrapServers()
                  + " did not answer within "
                  + READY_TIMEOUT_MS / 1000
                  + " s");
        }
        sleep(200);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Child-process mode for {@link LocalKafkaProcess}: {@code --dir DIR --port N}. Prints {@code
   * READY 127.0.0.1:PORT} once clients can connect, then runs until SIGTERM.
   */
  public static void main(String[] args) throws InterruptedException {
    Path dir = null;
    int port = 9092;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--dir") && i + 1 < args.length) {
        dir = Path.of(args[++i]);
      } else if (args[i].equals("--port") && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else {
        System.err.println("usage: LocalKafka --dir DIR [--port N]");
        System.exit(2);
      }
    }
    if (dir == null) {
      System.err.println("usage: LocalKafka --dir DIR [--port N]");
      System.exit(2);
    }
    LocalKafka kafka;
    try {
      kafka = start(dir, port);
    } catch (RuntimeException e) {
      System.err.println("FAILED " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  System.out.println("STOPPED");
                  stopped.countDown();
                },
                "local-kafka-shutdown"));
    System.out.println("READY " + kafka.bootstrapServers());
    System.out.flush();
    stopped.await();
  }
}
