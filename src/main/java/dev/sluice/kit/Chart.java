package dev.sluice.kit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A chart of a pipeline's results on the dashboard ({@code sluice dashboard}): what it reads and
 * how one JSON record of that topic becomes points. A point has an identity, and a later point with
 * the same identity replaces it, so a window's later pane replaces its earlier one, as in the
 * database sink; points with the same series and x are summed when drawn (a tier's decisions).
 * Immutable: each {@code with} method returns a changed copy.
 */
public final class Chart {

  /** Event time along x (from a timestamp field), or named categories (bars). */
  public enum Axis {
    TIME,
    CATEGORY
  }

  public enum Style {
    LINE,
    BAR,
    SCATTER
  }

  /**
   * One value to draw: x is event-time millis on a TIME chart, a category name otherwise. A point
   * replaces the one with its identity unless that one has a higher version.
   */
  public record Point(String series, Object x, double y, String id, List<Long> version) {

    /** Whether this point's version is below {@code other}'s, field by field. */
    public boolean olderThan(Point other) {
      for (int i = 0; i < Math.min(version.size(), other.version.size()); i++) {
        int c = Long.compare(version.get(i), other.version.get(i));
        if (c != 0) {
          return c < 0;
        }
      }
      return false;
    }
  }

  private static final String ALL = "*";
  private static final String TOPIC = "@topic";
  private static final List<String> PANE_FIELDS = List.of("pane", "paneIndex");

  private final String title;
  private List<String> topics;
  private final Axis axis;
  private final String xField;
  private Style style;
  private List<String> seriesFields = List.of();
  private List<String> valueFields = List.of();
  private String whereField;
  private String whereValue;
  private boolean eachRecord;
  private List<String> versionFields = List.of();

  private Chart(String title, String topic, Axis axis, Style style, String xField) {
    this.title = title;
    this.topics = List.of(topic);
    this.axis = axis;
    this.style = style;
    this.xField = xField;
  }

  /** Values over event time, x read from {@code timeField} (an ISO-8601 instant). */
  public static Chart overTime(String title, String topic, String timeField) {
    return new Chart(title, topic, Axis.TIME, Style.LINE, timeField);
  }

  /** Records counted by the value of {@code field}, one bar per value. */
  public static Chart countBy(String title, String topic, String field) {
    return new Chart(title, topic, Axis.CATEGORY, Style.BAR, field).eachRecord();
  }

  /** Records counted by the topic they are in, one bar per topic (a router's routes). */
  public static Chart countByTopic(String title, List<String> topics) {
    Chart c = new Chart(title, topics.get(0), Axis.CATEGORY, Style.BAR, TOPIC).eachRecord();
    c.topics = List.copyOf(topics);
    return c;
  }

  /** One bar per named numeric field, summed over results (a funnel's steps). */
  public static Chart fieldsAsBars(String title, String topic, String... fields) {
    return new Chart(title, topic, Axis.CATEGORY, Style.BAR, null).values(fields);
  }

  private Chart copy() {
    Chart c = new Chart(title, topics.get(0), axis, style, xField);
    c.topics = topics;
    c.seriesFields = seriesFields;
    c.valueFields = valueFields;
    c.whereField = whereField;
    c.whereValue = whereValue;
    c.eachRecord = eachRecord;
    c.versionFields = versionFields;
    return c;
  }

  /**
   * A result's version, compared field by field (e.g. an accumulating pane's count, then its
   * index): a later record replaces an earlier one of the same identity only if its version is not
   * lower, as the database sink's upsert decides, so a replay that rewrites an old pane does not
   * undo a late update.
   */
  public Chart versionedBy(String... fields) {
    Chart c = copy();
    c.versionFields = List.of(fields);
    return c;
  }

  /** Reads these topics too (records of one shape spread over several, e.g. by tier). */
  public Chart alsoFrom(String... more) {
    return alsoFrom(List.of(more));
  }

  public Chart alsoFrom(List<String> more) {
    Chart c = copy();
    List<String> all = new ArrayList<>(topics);
    all.addAll(more);
    c.topics = List.copyOf(all);
    return c;
  }

  /** A series per distinct value of these fields, joined by '/' (e.g. device/metric). */
  public Chart seriesBy(String... fields) {
    Chart c = copy();
    c.seriesFields = List.of(fields);
    return c;
  }

  /** The numeric fields drawn; more than one gives a series per field. */
  public Chart values(String... fields) {
    Chart c = copy();
    c.valueFields = List.of(fields);
    return c;
  }

  /**
   * Every numeric field but the pane's, a series per field: for results whose columns the user's
   * query decides.
   */
  public Chart allValues() {
    return values(ALL);
  }

  /** Only records whose {@code field} is {@code value} (results of one kind on a shared topic). */
  public Chart where(String field, String value) {
    Chart c = copy();
    c.whereField = field;
    c.whereValue = value;
    return c;
  }

  /** Each record is its own point (alerts, decisions), never a later version of another. */
  public Chart eachRecord() {
    Chart c = copy();
    c.eachRecord = true;
    return c;
  }

  /** Points without lines (events such as alerts, rather than a value per window). */
  public Chart scatter() {
    Chart c = copy();
    c.style = Style.SCATTER;
    return c;
  }

  public String title() {
    return title;
  }

  public List<String> topics() {
    return topics;
  }

  public Axis axis() {
    return axis;
  }

  public Style style() {
    return style;
  }

  /**
   * The points of one record; none when it lacks a field the chart needs (another kind of result,
   * or a query whose columns differ), so one odd record never stops the chart.
   *
   * @param topic the topic the record was read from
   * @param recordId where the record sits (topic-partition@offset), its identity for {@link
   *     #eachRecord()} charts
   */
  public List<Point> points(JsonNode record, String topic, String recordId) {
    if (whereField != null && !whereValue.equals(record.path(whereField).asText(null))) {
      return List.of();
    }
    String series = series(record);
    if (series == null) {
      return List.of();
    }
    Object x;
    if (axis == Axis.TIME) {
      x = millis(record.path(xField).asText(""));
    } else {
      x = xField == null ? null : TOPIC.equals(xField) ? topic : record.path(xField).asText(null);
    }
    if (x == null && xField != null) {
      return List.of();
    }
    if (valueFields.isEmpty()) {
      return List.of(new Point(series, x, 1, recordId, List.of()));
    }
    String base = eachRecord ? recordId : series + "|" + x;
    List<Long> version = versionFields.stream().map(f -> record.path(f).asLong(0)).toList();
    List<Point> out = new ArrayList<>();
    for (String field : fields(record)) {
      JsonNode v = record.path(field);
      if (!v.isNumber()) {
        continue;
      }
      String name =
          x == null
              ? (series.isEmpty() ? "all" : series)
              : valueFields.size() == 1 && !valueFields.get(0).equals(ALL)
                  ? series
                  : join(series, field);
      Object at = x == null ? field : x;
      String id = x == null ? identity(record) + "|" + field : base + "|" + field;
      out.add(new Point(name, at, v.asDouble(), id, version));
    }
    return out;
  }

  private List<String> fields(JsonNode record) {
    if (!valueFields.equals(List.of(ALL))) {
      return valueFields;
    }
    List<String> numeric = new ArrayList<>();
    record
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNumber() && !PANE_FIELDS.contains(e.getKey())) {
                numeric.add(e.getKey());
              }
            });
    return numeric;
  }

  private String series(JsonNode record) {
    if (seriesFields.isEmpty()) {
      if (valueFields.isEmpty()) {
        return "records";
      }
      return valueFields.size() == 1 && !valueFields.get(0).equals(ALL) ? valueFields.get(0) : "";
    }
    StringBuilder sb = new StringBuilder();
    for (String f : seriesFields) {
      JsonNode v = record.path(f);
      if (v.isMissingNode() || v.isNull()) {
        return null;
      }
      sb.append(sb.length() == 0 ? "" : "/").append(v.asText());
    }
    return sb.toString();
  }

  /** A fields-as-bars result is known by its non-numeric fields but the pane (its window). */
  private static String identity(JsonNode record) {
    StringBuilder sb = new StringBuilder();
    record
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isNumber() && !e.getKey().equals("timing")) {
                sb.append(e.getKey()).append('=').append(e.getValue().asText()).append(';');
              }
            });
    return sb.toString();
  }

  private static String join(String series, String field) {
    return series.isEmpty() ? field : series + " " + field;
  }

  private static Long millis(String iso) {
    try {
      return Instant.parse(iso).toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
