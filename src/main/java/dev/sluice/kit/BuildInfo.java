package dev.sluice.kit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** What the Maven build baked in: version and the runner its profile chose. */
public final class BuildInfo implements IVersionProvider {

  private static final Properties PROPS = load();

  private static Properties load() {
    Properties props = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/sluice-build.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return props;
  }

  public static String version() {
    return PROPS.getProperty("version", "dev");
  }

  /** DirectRunner, FlinkRunner or DataflowRunner, from the Maven profile the jar was built with. */
  public static String defaultRunner() {
    return PROPS.getProperty("defaultRunner", "DirectRunner");
  }

  @Override
  public String[] getVersion() {
    return new String[] {"sluice " + version() + " (default runner: " + defaultRunner() + ")"};
  }
}
