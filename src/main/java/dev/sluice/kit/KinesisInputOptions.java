package dev.sluice.kit;

import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Where {@code --source=kinesis} reads its CloudEvents. Extends Beam's {@link AwsOptions}, so
 * {@code --awsRegion} and {@code --awsCredentialsProvider} are Beam's own.
 */
public interface KinesisInputOptions extends AwsOptions {

  @Description("Kinesis stream the CloudEvents are read from (needed with --source=kinesis).")
  @Default.String("")
  String getInputStream();

  void setInputStream(String value);

  @Description(
      "Kinesis emulator endpoint, e.g. http://127.0.0.1:4567 for kinesalite (scripts/kinesalite):"
          + " dummy credentials, JSON instead of CBOR, region us-east-1 unless --awsRegion says."
          + " Empty: AWS itself in --awsRegion, with --awsCredentialsProvider.")
  @Default.String("")
  String getKinesisEndpoint();

  void setKinesisEndpoint(String value);
}
