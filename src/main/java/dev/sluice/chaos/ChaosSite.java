package dev.sluice.chaos;

import java.nio.file.Path;

/**
 * Where the chaos suite runs: the Flink cluster, the state directories of the job store and the
 * broker, the broker's port, the script that starts and kills cluster processes, and the class
 * whose {@code main} is the Sluice command line (run as a child JVM for submit, cancel, resume).
 */
public record ChaosSite(
    String flinkMaster,
    Path jobStateDir,
    Path kafkaStateDir,
    int kafkaPort,
    Path clusterScript,
    String cliMainClass) {}
