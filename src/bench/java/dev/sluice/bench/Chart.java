package dev.sluice.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG charts of the report, drawn by JFreeChart. */
final class Chart {

  private Chart() {}

  /**
   * Horizontal bars: median events/s per contender, labelled with the value and coloured by kind
   * (Sluice, native Flink, Kafka Streams, the limit); each run is a dot on its bar, so the spread
   * the median hides shows. Labels wrap instead of being cut.
   */
  static void throughput(Results results, String title, Path png) throws IOException {
    DefaultCategoryDataset medians = new DefaultCategoryDataset();
    DefaultCategoryDataset runs = new DefaultCategoryDataset();
    List<Contender> contenders = results.contenders();
    for (Contender c : contenders) {
      medians.addValue(results.eventsPerSecond(c), "median", c.label);
      List<Measurement> measured = results.runs.get(c);
      for (int i = 0; i < measured.size(); i++) {
        runs.addValue(measured.get(i).eventsPerSecond(), "run " + (i + 1), c.label);
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            title,
            null,
            "events/s (bar: median; dots: each run)",
            medians,
            PlotOrientation.HORIZONTAL,
            false,
            false,
            false);
    CategoryPlot plot = chart.getCategoryPlot();
    style(plot);
    BarRenderer bars =
        new BarRenderer() {
          @Override
          public java.awt.Paint getItemPaint(int row, int column) {
            return colourOf(contenders.get(column));
          }
        };
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    bars.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", new java.text.DecimalFormat("#,##0")));
    bars.setDefaultItemLabelsVisible(true);
    // Clear of the run dots, which sit on and around the bar's end.
    bars.setItemLabelAnchorOffset(14);
    bars.setDefaultPositiveItemLabelPosition(
        new org.jfree.chart.labels.ItemLabelPosition(
            org.jfree.chart.labels.ItemLabelAnchor.OUTSIDE3,
            org.jfree.chart.ui.TextAnchor.CENTER_LEFT));
    plot.setRenderer(0, bars);
    LineAndShapeRenderer dots = new LineAndShapeRenderer(false, true);
    for (int i = 0; i < runs.getRowCount(); i++) {
      dots.setSeriesPaint(i, Color.BLACK);
      dots.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
    }
    plot.setDataset(1, runs);
    plot.setRenderer(1, dots);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    plot.getDomainAxis().setMaximumCategoryLabelLines(2);
    plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.35f);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1100, 80 + 70 * contenders.size());
  }

  /** Sluice's rows in oranges (plain lighter than full), the others each their own colour. */
  static Color colourOf(Contender c) {
    String slug = c.slug;
    if (slug.startsWith("native-flink")) {
      return new Color(0x3b6ea5);
    }
    if (slug.startsWith("kafka-streams")) {
      return new Color(0x4a9a5b);
    }
    if (slug.equals("limit")) {
      return new Color(0x8c8c8c);
    }
    if (c.isScenario()) {
      return new Color(0x7b5aa6);
    }
    if (slug.contains("full")) {
      return new Color(0xb5541c);
    }
    if (slug.contains("direct")) {
      return new Color(0xe6b04a);
    }
    return new Color(0xe07b39);
  }

  private static void style(CategoryPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    ((NumberAxis) plot.getRangeAxis()).setUpperMargin(0.15);
  }

  /** Horizontal bars, one per entry, labelled with the value. */
  static void bars(Map<String, Double> values, String title, String axis, Path png)
      throws IOException {
    bars(values, title, axis, "#,##0.00", png);
  }

  private static void bars(
      Map<String, Double> values, String title, String axis, String format, Path png)
      throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    values.forEach((label, value) -> data.addValue(value, axis, label));
    JFreeChart chart =
        ChartFactory.createBarChart(
            title, null, axis, data, PlotOrientation.HORIZONTAL, false, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    BarRenderer bars = (BarRenderer) plot.getRenderer();
    bars.setBarPainter(new StandardBarPainter());
    bars.setSeriesPaint(0, new Color(0x3b6ea5));
    bars.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", new java.text.DecimalFormat(format)));
    bars.setDefaultItemLabelsVisible(true);
    ((NumberAxis) plot.getRangeAxis()).setUpperMargin(0.15);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 60 + 70 * values.size());
  }

  /** Lines over time (seconds) for the backpressure scenario, one series per name. */
  static void timeline(
      String title, String yLabel, List<String> names, List<double[][]> series, Path png)
      throws IOException {
    timeline(title, yLabel, names, series, null, png);
  }

  /**
   * Lines over time, with a phase (from, until seconds, and its name) shaded behind them, or none
   * when {@code phase} is null.
   */
  static void timeline(
      String title,
      String yLabel,
      List<String> names,
      List<double[][]> series,
      Phase phase,
      Path png)
      throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (int i = 0; i < names.size(); i++) {
      XYSeries s = new XYSeries(names.get(i));
      for (double[] point : series.get(i)) {
        s.add(point[0], point[1]);
      }
      data.addSeries(s);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, "seconds", yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    if (phase != null) {
      org.jfree.chart.plot.IntervalMarker marker =
          new org.jfree.chart.plot.IntervalMarker(phase.from(), phase.until());
      marker.setPaint(new Color(0xf2d7c4));
      marker.setAlpha(0.6f);
      marker.setLabel(phase.name());
      marker.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP);
      marker.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_CENTER);
      plot.addDomainMarker(marker, org.jfree.chart.ui.Layer.BACKGROUND);
    }
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 420);
  }

  /** A stretch of a timeline worth pointing at, such as the slow-sink phase. */
  record Phase(double from, double until, String name) {}
}
