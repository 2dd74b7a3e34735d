package dev.sluice.pipelines;

import com.google.api.services.dataflow.model.DataflowPackage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.beam.runners.dataflow.util.PackageUtil.StagedFile;
import org.apache.beam.runners.dataflow.util.Stager;

/**
 * A {@link Stager} that uploads nothing. It names where each file would have gone (DataflowRunner
 * writes those locations into the job) and keeps the blobs staged from memory, such as the runner
 * v2 pipeline proto, so a test can read them.
 */
final class NoopStager implements Stager {

  private final String stagingRoot;
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

  /**
   * @param stagingRoot a made-up {@code gs://} prefix ending with a slash
   */
  NoopStager(String stagingRoot) {
    this.stagingRoot = stagingRoot;
  }

  @Override
  public List<DataflowPackage> stageFiles(List<StagedFile> files) {
    return files.stream().map(f -> pkg(f.getDestination())).collect(Collectors.toList());
  }

  @Override
  public DataflowPackage stageToFile(byte[] bytes, String name) {
    blobs.put(name, bytes.clone());
    return pkg(name);
  }

  /** The bytes given to {@link #stageToFile} under this name, or null. */
  byte[] blob(String name) {
    return blobs.get(name);
  }

  String location(String name) {
    return stagingRoot + name;
  }

  private DataflowPackage pkg(String name) {
    return new DataflowPackage().setName(name).setLocation(location(name));
  }
}
