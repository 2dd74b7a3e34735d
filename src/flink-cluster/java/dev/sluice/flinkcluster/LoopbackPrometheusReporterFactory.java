package dev.sluice.flinkcluster;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Properties;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.NetUtils;

/**
 * Flink's Prometheus reporter, serving on one address instead of every interface.
 *
 * <p>Flink 1.19's {@code PrometheusReporter} binds its HTTP server to the wildcard address and has
 * no option for the host; a development cluster on 127.0.0.1 should not publish its metrics to the
 * network. This factory builds the same reporter (metric names, labels and types are Flink's own,
 * from {@link AbstractPrometheusReporter}) with the server on {@code host} (default 127.0.0.1).
 * Options, as for Flink's: {@code metrics.reporter.<name>.port} (a port or a range; the first free
 * one is taken) and {@code metrics.reporter.<name>.host}. scripts/flink-cluster compiles this file
 * onto the cluster's classpath; it is not part of the job jar.
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    String host = properties.getProperty("host", "127.0.0.1");
    String ports = properties.getProperty("port", "9249");
    return new Reporter(host, ports);
  }

  static final class Reporter extends AbstractPrometheusReporter {
    private final HTTPServer server;

    Reporter(String host, String ports) {
      CollectorRegistry registry = registryOf(this);
      HTTPServer started = null;
      int port = -1;
      Iterator<Integer> candidates = NetUtils.getPortRangeFromString(ports);
      while (started == null && candidates.hasNext()) {
        port = candidates.next();
        try {
          started = new HTTPServer(new InetSocketAddress(host, port), registry);
        } catch (IOException taken) {
          log.debug("port {}:{} is taken", host, port, taken);
        }
      }
      if (started == null) {
        throw new IllegalStateException(
            "no free port for the Prometheus reporter on " + host + " in " + ports);
      }
      server = started;
      // scripts/flink-cluster status reads the address back from this line of the process's log.
      log.info("Prometheus metrics of this process at http://{}:{}/metrics", host, port);
    }

    @Override
    public void close() {
      server.stop();
      super.close();
    }

    /**
     * The registry the base class registers each metric's collector in. It is package-private in
     * Flink 1.19; reading it is the one way to serve exactly Flink's metric families.
     */
    private static CollectorRegistry registryOf(AbstractPrometheusReporter reporter) {
      try {
        Field f = AbstractPrometheusReporter.class.getDeclaredField("registry");
        f.setAccessible(true);
        return (CollectorRegistry) f.get(reporter);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(
            "this Flink's AbstractPrometheusReporter has no 'registry' field (written for 1.19)",
            e);
      }
    }
  }
}
