package dev.sluice.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The event schemas in an Apicurio Registry (v3 REST API): one artifact per CloudEvents {@code
 * type} in one group, JSON Schema for {@code data}, a compatibility rule per artifact.
 */
public final class SchemaRegistry {

  /** What the registry said of a new version: accepted, or refused with its reasons. */
  public record Verdict(boolean accepted, String reason) {}

  /** The artifact types Sluice registers: JSON Schema and Avro. */
  public static final String JSON_SCHEMA = "JSON";

  public static final String AVRO = "AVRO";

  /** One version of an artifact: its name (1, 2, ...), the schema text and its artifact type. */
  public record Version(String name, String schema, String format) implements java.io.Serializable {
    /** A JSON Schema version. */
    public Version(String name, String schema) {
      this(name, schema, JSON_SCHEMA);
    }

    public boolean isAvro() {
      return AVRO.equals(format);
    }
  }

  /** One artifact: its id, how many versions, the latest one, and its compatibility rule. */
  public record Artifact(String id, int versions, String latest, String compatibility) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final String group;
  private final Duration timeout;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param url the API root, e.g. {@code http://127.0.0.1:8090/apis/registry/v3}
   */
  public SchemaRegistry(String url, String group) {
    this(url, group, Duration.ofSeconds(30));
  }

  /**
   * @param timeout how long one request may take (a worker's lookup must not stall its bundle long)
   */
  public SchemaRegistry(String url, String group, Duration timeout) {
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.group = group;
    this.timeout = timeout;
  }

  /** Fails with one line naming the fix when nothing answers at the URL. */
  public void requireReachable() {
    send(HttpRequest.newBuilder(URI.create(url + "/system/info")).GET(), 200);
  }

  /** The latest schema of {@code artifact}, or null if there is no such artifact. */
  public JsonNode latest(String artifact) {
    HttpResponse<String> r =
        send(HttpRequest.newBuilder(uri(artifact, "/versions/branch=latest/content")).GET(), -1);
    if (r.statusCode() == 404) {
      return null;
    }
    expect(r, 200);
    return parse(r.body());
  }

  /** Creates a JSON Schema {@code artifact} with its first version and a compatibility rule. */
  public void create(String artifact, JsonNode schema, String compatibility) {
    create(artifact, schema, compatibility, JSON_SCHEMA);
  }

  /** The same for an artifact type: {@link #JSON_SCHEMA} or {@link #AVRO}. */
  public void create(String artifact, JsonNode schema, String compatibility, String format) {
    ObjectNode body = JSON.createObjectNode();
    body.put("artifactId", artifact).put("artifactType", format);
    body.putObject("firstVersion").set("content", content(schema));
    send(post(URI.create(url + "/groups/" + enc(group) + "/artifacts"), body), 200);
    ObjectNode rule = JSON.createObjectNode().put("ruleType", "COMPATIBILITY");
    rule.put("config", compatibility);
    send(post(uri(artifact, "/rules"), rule), 204);
  }

  /** Adds a version of {@code artifact}, or with {@code dryRun} only asks whether it would. */
  public Verdict addVersion(String artifact, JsonNode schema, boolean dryRun) {
    ObjectNode body = JSON.createObjectNode();
    body.set("content", content(schema));
    HttpResponse<String> r =
        send(post(URI.create(uri(artifact, "/versions") + "?dryRun=" + dryRun), body), -1);
    if (r.statusCode() == 409) {
      JsonNode error = parse(r.body());
      List<String> causes = new ArrayList<>();
      error
          .path("causes")
          .forEach(
              c ->
                  causes.add(c.path("description").asText() + " at " + c.path("context").asText()));
      return new Verdict(
          false, causes.isEmpty() ? error.path("title").asText() : causes.toString());
    }
    expect(r, 200);
    return new Verdict(true, "");
  }

  /** Every version of {@code artifact}, oldest first, or null if there is no such artifact. */
  public List<Version> versions(String artifact) {
    HttpResponse<String> r =
        send(HttpRequest.newBuilder(uri(artifact, "/versions?limit=1000")).GET(), -1);
    if (r.statusCode() == 404) {
      return null;
    }
    // Registration order is global-id order; the listing's own order is not to be relied on.
    List<JsonNode> listed = new ArrayList<>();
    parse(expect(r, 200).body()).path("versions").forEach(listed::add);
    listed.sort(java.util.Comparator.comparingLong(v -> v.path("globalId").asLong()));
    List<Version> versions = new ArrayList<>();
    for (JsonNode v : listed) {
      String name = v.path("version").asText();
      String path = "/versions/" + enc(name) + "/content";
      String text = send(HttpRequest.newBuilder(uri(artifact, path)).GET(), 200).body();
      versions.add(new Version(name, text, v.path("artifactType").asText(JSON_SCHEMA)));
    }
    return versions;
  }

  /** The ids of the group's artifacts (none when the group does not exist yet). */
  public List<String> artifactIds() {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(
                    URI.create(url + "/groups/" + enc(group) + "/artifacts?limit=1000"))
                .GET(),
            -1);
    List<String> ids = new ArrayList<>();
    if (r.statusCode() != 404) {
      parse(expect(r, 200).body())
          .path("artifacts")
          .forEach(a -> ids.add(a.path("artifactId").asText()));
    }
    return ids;
  }

  public String url() {
    return url;
  }

  public String group() {
    return group;
  }

  /** Every artifact of the group. */
  public List<Artifact> list() {
    JsonNode found =
        parse(
            expect(
                    send(
                        HttpRequest.newBuilder(
                                URI.create(url + "/groups/" + enc(group) + "/artifacts?limit=1000"))
                            .GET(),
                        -1),
                    200)
                .body());
    List<Artifact> artifacts = new ArrayList<>();
    for (JsonNode a : found.path("artifacts")) {
      String id = a.path("artifactId").asText();
      JsonNode versions =
          parse(send(HttpRequest.newBuilder(uri(id, "/versions?limit=1000")).GET(), 200).body());
      String latest = "";
      long newest = Long.MIN_VALUE;
      for (JsonNode v : versions.path("versions")) {
        if (v.path("globalId").asLong() > newest) {
          newest = v.path("globalId").asLong();
          latest = v.path("version").asText();
        }
      }
      HttpResponse<String> rule =
          send(HttpRequest.newBuilder(uri(id, "/rules/COMPATIBILITY")).GET(), -1);
      String compatibility =
          rule.statusCode() == 200 ? parse(rule.body()).path("config").asText() : "none";
      artifacts.add(new Artifact(id, versions.path("count").asInt(), latest, compatibility));
    }
    return artifacts;
  }

  private static ObjectNode content(JsonNode schema) {
    ObjectNode content = JSON.createObjectNode();
    content.put("content", schema.toString()).put("contentType", "application/json");
    return content;
  }

  private URI uri(String artifact, String path) {
    return URI.create(url + "/groups/" + enc(group) + "/artifacts/" + enc(artifact) + path);
  }

  private static HttpRequest.Builder post(URI uri, JsonNode body) {
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
  }

  /** Sends; {@code expected} -1 returns any answer, otherwise a different status fails. */
  private HttpResponse<String> send(HttpRequest.Builder request, int expected) {
    HttpResponse<String> r;
    try {
      r = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new IllegalStateException(
          "no schema registry answers at "
              + url
              + ": start one with 'scripts/registry start' or"
              + " pass --registry=URL");
    } catch (IOException e) {
      // No whole answer (a registry stopping, a reset connection, a timeout): as good as none.
      throw new IllegalStateException(
          "no schema registry answers at "
              + url
              + " ("
              + e.getMessage()
              + "): start one with 'scripts/registry start' or pass --registry=URL",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return expected < 0 ? r : expect(r, expected);
  }

  private HttpResponse<String> expect(HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(
          "schema registry at "
              + url
              + " answered "
              + r.statusCode()
              + " to "
              + r.request().method()
              + " "
              + r.uri().getPath()
              + ": "
              + r.body().replace('\n', ' '));
    }
    return r;
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
