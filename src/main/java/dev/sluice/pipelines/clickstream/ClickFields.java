package dev.sluice.pipelines.clickstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.event.DataExtractor;
import dev.sluice.event.Event;

/**
 * What clickstream reads from an event, or why the event is a dead letter: the type must be one of
 * the funnel's steps, the subject names the user, {@code data.page}, {@code data.product} and
 * {@code data.category} are text when present, {@code data.price} a finite number >= 0 when
 * present. The category falls back to the page's first path segment ({@code /shoes/p-1} is shoes).
 */
public final class ClickFields implements DataExtractor<Click> {

  /** Longer text is refused: it would be a user id or page no dashboard could show. */
  static final int MAX_TEXT = 1024;

  @Override
  public Result<Click> extract(Event event) {
    Step step = Step.ofEventType(event.type());
    if (step == null) {
      return Result.rejected(
          "type '"
              + event.type()
              + "' is not a click (page_view, add_to_cart, checkout, purchase)");
    }
    String user = event.subject();
    if (user == null || user.isBlank()) {
      return Result.rejected("a click needs the user as its subject");
    }
    JsonNode data = event.data();
    if (data != null && !data.isNull() && !data.isObject()) {
      return Result.rejected("data must be an object");
    }
    String[] text = new String[3];
    String[] names = {"page", "product", "category"};
    for (int i = 0; i < names.length; i++) {
      JsonNode v = data == null ? null : data.get(names[i]);
      if (v == null || v.isNull()) {
        text[i] = "";
      } else if (!v.isTextual()) {
        return Result.rejected("data." + names[i] + " must be text");
      } else {
        text[i] = v.asText();
      }
    }
    double price = Double.NaN;
    JsonNode p = data == null ? null : data.get("price");
    if (p != null && !p.isNull()) {
      if (!p.isNumber() || !Double.isFinite(p.asDouble()) || p.asDouble() < 0) {
        return Result.rejected("data.price must be a number >= 0");
      }
      price = p.asDouble();
    }
    if (user.length() > MAX_TEXT
        || event.source().length() > MAX_TEXT
        || event.id().length() > MAX_TEXT
        || text[0].length() > MAX_TEXT
        || text[1].length() > MAX_TEXT
        || text[2].length() > MAX_TEXT) {
      return Result.rejected("a user, page, product or category longer than " + MAX_TEXT);
    }
    String category = text[2].isEmpty() ? firstSegment(text[0]) : text[2];
    return Result.of(
        new Click(
            user,
            event.source(),
            event.id(),
            step,
            event.eventTimeMillis(),
            text[0],
            text[1],
            category,
            price));
  }

  private static String firstSegment(String page) {
    String p = page.startsWith("/") ? page.substring(1) : page;
    int slash = p.indexOf('/');
    return slash < 0 ? "" : p.substring(0, slash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClickFields;
  }

  @Override
  public int hashCode() {
    return ClickFields.class.hashCode();
  }

  @Override
  public String toString() {
    return "ClickFields";
  }
}
