package dev.sluice.quality;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Date;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.time.Millisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/**
 * Draws {@link MetricPlotData} as a PNG with JFreeChart: the metric as a line on the left axis, the
 * score on a right axis fixed to 0..1, each alert as a vertical line labelled with its reason, each
 * known anomaly as a shaded band labelled with its kind.
 */
public final class MetricChart {

  private static final Color VALUE = new Color(0x3b6ea5);
  private static final Color SCORE = new Color(0xe08a1e);
  private static final Color ALERT = new Color(0xc0392b);
  private static final Color TRUTH = new Color(0x27ae60);

  private MetricChart() {}

  public static void write(MetricPlotData data, Path png, int width, int height)
      throws IOException {
    ChartUtils.saveChartAsPNG(png.toFile(), chart(data), width, height);
  }

  static JFreeChart chart(MetricPlotData data) {
    XYPlot plot = new XYPlot();
    plot.setDomainAxis(new DateAxis("event time (UTC)"));
    ((DateAxis) plot.getDomainAxis()).setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
    NumberAxis valueAxis = new NumberAxis(data.metric());
    valueAxis.setAutoRangeIncludesZero(false);
    plot.setRangeAxis(0, valueAxis);
    plot.setDataset(0, series(data.metric(), data.points()));
    plot.setRenderer(0, line(VALUE, 1.2f));

    NumberAxis scoreAxis = new NumberAxis("score");
    scoreAxis.setRange(0, 1.0);
    plot.setRangeAxis(1, scoreAxis);
    plot.setDataset(1, series("score", data.scores()));
    plot.setRenderer(1, line(SCORE, 0.8f));
    plot.mapDatasetToRangeAxis(1, 1);

    Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    for (TruthWindow w : data.truth()) {
      // A one-reading anomaly would be invisible as a zero-width band: widen it to a minute.
      long end = Math.max(w.end().toEpochMilli(), w.start().toEpochMilli() + 60_000);
      IntervalMarker band =
          new IntervalMarker(
              w.start().toEpochMilli(),
              end,
              new Color(0x27, 0xae, 0x60, 60),
              new BasicStroke(),
              null,
              null,
              1f);
      band.setLabel(w.kind());
      band.setLabelFont(small);
      band.setLabelPaint(TRUTH.darker());
      band.setLabelAnchor(RectangleAnchor.TOP_LEFT);
      band.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      plot.addDomainMarker(band, Layer.BACKGROUND);
    }
    for (Alert a : data.alerts()) {
      ValueMarker marker =
          new ValueMarker(
              a.time().toEpochMilli(),
              ALERT,
              new BasicStroke(
                  1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 3f}, 0f));
      marker.setLabel(a.reason());
      marker.setLabelFont(small);
      marker.setLabelPaint(ALERT);
      marker.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
      marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
      plot.addDomainMarker(marker, Layer.FOREGROUND);
    }
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    String title =
        String.format(
            "%s %s: %d readings, %d alerts, %d known anomalies",
            data.device(),
            data.metric(),
            data.points().size(),
            data.alerts().size(),
            data.truth().size());
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static TimeSeriesCollection series(
      String name, java.util.List<MetricPlotData.Point> points) {
    TimeSeries s = new TimeSeries(name);
    for (MetricPlotData.Point p : points) {
      // addOrUpdate: two readings in the same millisecond must not abort the chart.
      s.addOrUpdate(new Millisecond(Date.from(p.time())), p.value());
    }
    return new TimeSeriesCollection(s);
  }

  private static XYLineAndShapeRenderer line(Color color, float width) {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    r.setSeriesPaint(0, color);
    r.setSeriesStroke(0, new BasicStroke(width));
    return r;
  }
}
