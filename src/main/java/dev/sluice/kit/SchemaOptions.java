package dev.sluice.kit;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Validation of each event's {@code data} against the schemas of a registry (off when empty). */
public interface SchemaOptions extends PipelineOptions {

  @Description(
      "Apicurio Registry API root, e.g. http://127.0.0.1:8090/apis/registry/v3: each event's data"
          + " must match its type's JSON Schema there ('sluice schemas register' puts them there)."
          + " Empty: no schema validation.")
  @Default.String("")
  String getSchemaRegistry();

  void setSchemaRegistry(String value);

  @Description("The registry group holding the schemas, one artifact per CloudEvents type.")
  @Default.String("sluice")
  String getSchemaGroup();

  void setSchemaGroup(String value);
}
