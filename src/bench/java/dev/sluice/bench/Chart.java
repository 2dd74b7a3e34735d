package dev.sluice.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG charts of the report, drawn by JFreeChart. */
final class Chart {

  private Chart() {}

  /** Horizontal bars: median events/s per contender, labelled with the value. */
  static void throughput(Results results, String title, Path png) throws IOException {
    Map<String, Double> values = new LinkedHashMap<>();
    for (Contender c : results.contenders()) {
      values.put(c.label, results.eventsPerSecond(c));
    }
    bars(values, title, "events/s (median)", "#,##0", png);
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
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 420);
  }
}
