package dev.sluice.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SpecificationVersion;
import dev.sluice.event.DataSchemas;
import dev.sluice.event.Event;
import dev.sluice.schema.SchemaRegistry.Version;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The event schemas of one registry group as {@link DataSchemas}: an event's JSON {@code data} must
 * match the JSON Schema registered for its CloudEvents {@code type}, and Avro data is decoded with
 * the Avro schema registered for it, at the version its {@code dataschema} names (its last segment:
 * {@code .../sensor.reading/versions/2}, {@code urn:x:2}, {@code .../v2}) or else at the latest
 * version known at launch.
 *
 * <p>The whole group is loaded at launch (a registry that does not answer stops the launch with one
 * line) and travels inside the pipeline, so workers validate known types without calling the
 * registry and keep doing so while it is down. A type or version registered after launch is fetched
 * on first sight, once per worker JVM; a miss is asked again at most every {@link #RETRY}. While
 * the registry is down such events become dead letters that say so: holding them back would stall
 * the watermark of every key behind one unknown type.
 */
public final class RegisteredSchemas implements DataSchemas {

  private static final long serialVersionUID = 1L;

  /** How long a failed or empty lookup stands before the registry is asked again. */
  public static final Duration RETRY = Duration.ofSeconds(30);

  private static final int ERRORS_SHOWN = 3;
  private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);

  /** Lookups made after launch, per worker JVM: registry, group and type to what it said. */
  private static final Map<String, Lookup> LOOKUPS = new ConcurrentHashMap<>();

  private final String url;
  private final String group;
  private final TreeMap<String, List<Version>> known;
  private transient volatile Map<String, Compiled> compiled;

  private RegisteredSchemas(String url, String group, Map<String, List<Version>> known) {
    this.url = url;
    this.group = group;
    this.known = new TreeMap<>();
    known.forEach((type, versions) -> this.known.put(type, List.copyOf(versions)));
  }

  /**
   * Every schema of the registry's group, read now; fails with one line when it does not answer.
   */
  public static RegisteredSchemas load(SchemaRegistry registry) {
    registry.requireReachable();
    Map<String, List<Version>> all = new TreeMap<>();
    for (String type : registry.artifactIds()) {
      List<Version> versions = registry.versions(type);
      if (versions != null && !versions.isEmpty()) {
        all.put(type, versions);
      }
    }
    return new RegisteredSchemas(registry.url(), registry.group(), all);
  }

  /** A fixed set that never asks a registry (tests, and schemas shipped with a job). */
  public static RegisteredSchemas of(Map<String, List<Version>> schemas) {
    return new RegisteredSchemas(null, null, schemas);
  }

  /** The types known at launch, each with its versions: {@code sensor.reading v1,2}. */
  public String describe() {
    return known.entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + " v"
                    + e.getValue().stream().map(Version::name).collect(Collectors.joining(",")))
        .collect(Collectors.joining(", "));
  }

  public Set<String> types() {
    return known.keySet();
  }

  @Override
  public String problem(Event event) {
    Resolved resolved = resolve(event.type(), event.dataSchema());
    if (resolved.failure != null) {
      return resolved.failure;
    }
    Compiled schema = resolved.schema;
    if (schema.json == null) {
      return resolved.name()
          + " is an Avro schema: its events carry datacontenttype application/avro";
    }
    // Most events are valid: a yes/no pass (fail-fast, no error objects) first, details on a no.
    if (schema.json.validate(event.data(), OutputFormat.BOOLEAN)) {
      return null;
    }
    List<Error> errors = schema.json.validate(event.data());
    return "data does not match schema "
        + resolved.name()
        + ": "
        + errors.stream()
            .limit(ERRORS_SHOWN)
            .map(RegisteredSchemas::describe)
            .collect(Collectors.joining("; "))
        + (errors.size() > ERRORS_SHOWN ? "; and " + (errors.size() - ERRORS_SHOWN) + " more" : "");
  }

  @Override
  public JsonNode decodeAvro(String type, String dataSchema, byte[] data) {
    Resolved resolved = resolve(type, dataSchema);
    if (resolved.failure != null) {
      throw new IllegalArgumentException(resolved.failure);
    }
    if (resolved.schema.avro == null) {
      throw new IllegalArgumentException(
          resolved.name() + " is a JSON Schema: its events carry JSON data, not Avro");
    }
    return AvroJson.decode(resolved.schema.avro, data, resolved.name());
  }

  /** The schema an event of {@code type} is held to, or why there is none. */
  private record Resolved(String type, Version version, Compiled schema, String failure) {
    static Resolved failed(String failure) {
      return new Resolved(null, null, null, failure);
    }

    String name() {
      return type + " v" + version.name();
    }
  }

  private Resolved resolve(String type, String dataSchema) {
    String wanted = dataSchema == null ? null : versionIn(dataSchema);
    List<Version> versions = known.get(type);
    if (versions == null || (wanted != null && find(versions, wanted) == null)) {
      if (url == null && versions == null) {
        return Resolved.failed("no schema is registered for type " + type);
      }
      Lookup lookup = url == null ? new Lookup(versions, null, 0) : lookUp(type);
      if (lookup.versions == null) {
        return Resolved.failed(
            (versions == null ? "type " + type : "type " + type + " version " + wanted)
                + " is not among the schemas loaded at launch, and "
                + lookup.failure);
      }
      versions = lookup.versions;
    }
    Version version = wanted == null ? versions.get(versions.size() - 1) : find(versions, wanted);
    if (version == null) {
      return Resolved.failed(
          "type "
              + type
              + " has no schema version "
              + wanted
              + " (dataschema "
              + dataSchema
              + "; registered: "
              + versions.stream().map(Version::name).collect(Collectors.joining(", "))
              + ")");
    }
    Compiled schema = compile(type, version);
    return schema.failure != null
        ? Resolved.failed(schema.failure)
        : new Resolved(type, version, schema, null);
  }

  /** The version a {@code dataschema} URI names: its last segment, without a leading v. */
  static String versionIn(String dataSchema) {
    String last =
        dataSchema.substring(
            Math.max(dataSchema.lastIndexOf('/'), dataSchema.lastIndexOf(':')) + 1);
    return last.length() > 1 && last.charAt(0) == 'v' && Character.isDigit(last.charAt(1))
        ? last.substring(1)
        : last;
  }

  private static Version find(List<Version> versions, String name) {
    for (Version v : versions) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    return null;
  }

  private static String describe(Error error) {
    String at = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
    String message = error.getMessage();
    return at.isEmpty() || message.startsWith(at) ? message : at + ": " + message;
  }

  private Lookup lookUp(String type) {
    String key = url + '\u0000' + group + '\u0000' + type;
    return LOOKUPS.compute(
        key,
        (k, previous) -> {
          if (previous != null && previous.fresh()) {
            return previous;
          }
          Lookup next = ask(type);
          // A registry that stops answering does not take back what it already said.
          return next.versions == null && previous != null && previous.versions != null
              ? new Lookup(previous.versions, null, next.atNanos)
              : next;
        });
  }

  private Lookup ask(String type) {
    try {
      List<Version> versions = new SchemaRegistry(url, group, LOOKUP_TIMEOUT).versions(type);
      return versions == null || versions.isEmpty()
          ? Lookup.failed("group " + group + " of the registry has none")
          : new Lookup(versions, null, System.nanoTime());
    } catch (RuntimeException e) {
      return Lookup.failed(e.getMessage());
    }
  }

  private Compiled compile(String type, Version version) {
    Map<String, Compiled> cache = compiled;
    if (cache == null) {
      synchronized (this) {
        if (compiled == null) {
          compiled = new ConcurrentHashMap<>();
        }
        cache = compiled;
      }
    }
    return cache.computeIfAbsent(type + '\u0000' + version.name(), k -> Compiled.of(type, version));
  }

  /** A schema ready to validate (JSON) or decode (Avro) with, or why its text is unusable. */
  private record Compiled(Schema json, org.apache.avro.Schema avro, String failure) {
    static Compiled of(String type, Version version) {
      try {
        return version.isAvro()
            ? new Compiled(null, new org.apache.avro.Schema.Parser().parse(version.schema()), null)
            : new Compiled(FACTORY.getSchema(version.schema()), null, null);
      } catch (RuntimeException e) {
        return new Compiled(
            null,
            null,
            "schema "
                + type
                + " v"
                + version.name()
                + " is no usable "
                + (version.isAvro() ? "Avro schema: " : "JSON Schema: ")
                + e.getMessage());
      }
    }
  }

  // Schemas without $schema are read as draft 2020-12; one naming another draft get that draft.
  private static final com.networknt.schema.SchemaRegistry FACTORY =
      com.networknt.schema.SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  /** What the registry said of a type after launch, and when. */
  private record Lookup(List<Version> versions, String failure, long atNanos) {
    static Lookup failed(String failure) {
      return new Lookup(null, failure, System.nanoTime());
    }

    boolean fresh() {
      return System.nanoTime() - atNanos < RETRY.toNanos();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegisteredSchemas r
        && Objects.equals(url, r.url)
        && Objects.equals(group, r.group)
        && known.equals(r.known);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, group, known.keySet());
  }

  @Override
  public String toString() {
    return "RegisteredSchemas{"
        + (url == null ? "fixed" : url + " group " + group)
        + ": "
        + describe()
        + "}";
  }
}
