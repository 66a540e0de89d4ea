package iwae4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.joml.Matrix3x2d;
import org.joml.Vector2d;

/**
 * A line chart drawn with Java2D: axes with "nice" ticks, labelled series, a legend. The data-to-pixel map is
 * one JOML affine transform. {@link #write} lays several charts side by side in one PNG.
 */
public final class LinePlot {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x555555)};

    private final String title, xLabel, yLabel;
    private final List<Series> series = new ArrayList<>();
    private double xLo = Double.NaN, xHi, yLo = Double.NaN, yHi;
    private boolean legendBottom;
    private boolean logX;

    /** How a series marks its data points. */
    public enum Marker { NONE, FILLED, HOLLOW }

    private static final class Series {
        final String label;
        final double[] x, y;
        final Color color;
        final boolean dashed;
        final boolean bars;
        Marker marker = Marker.NONE;
        boolean noLine;

        Series(String label, double[] x, double[] y, Color color, boolean dashed, boolean bars) {
            this.label = label;
            this.x = x;
            this.y = y;
            this.color = color;
            this.dashed = dashed;
            this.bars = bars;
        }
    }

    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a line; colours follow a fixed palette in order of addition unless dashed lines reuse one. */
    public LinePlot line(String label, double[] x, double[] y, boolean dashed) {
        return add(new Series(label, x, y, PALETTE[series.size() % PALETTE.length], dashed, false));
    }

    /** Adds a line in a given colour. */
    public LinePlot line(String label, double[] x, double[] y, Color color, boolean dashed) {
        return add(new Series(label, x, y, color, dashed, false));
    }

    /** Adds a line in a given colour with a marker at each point. */
    public LinePlot line(String label, double[] x, double[] y, Color color, boolean dashed, Marker marker) {
        Series s = new Series(label, x, y, color, dashed, false);
        s.marker = marker;
        return add(s);
    }

    /** Adds points without a line (NaN values are skipped). */
    public LinePlot points(String label, double[] x, double[] y, Color color, Marker marker) {
        Series s = new Series(label, x, y, color, false, false);
        s.marker = marker;
        s.noLine = true;
        return add(s);
    }

    /** Draws the x axis on a log₁₀ scale (x values must be positive), ticks at 1, 2 and 5 times powers of ten. */
    public LinePlot logX() {
        logX = true;
        return this;
    }

    /** Adds a histogram: bars from each x[i] to x[i+1] (x has one more element than y). */
    public LinePlot bars(String label, double[] edges, double[] heights, Color color) {
        if (edges.length != heights.length + 1) throw new IllegalArgumentException("bars need one more edge than heights");
        return add(new Series(label, edges, heights, color, false, true));
    }

    private LinePlot add(Series s) {
        if (!s.bars && s.x.length != s.y.length) {
            throw new IllegalArgumentException("series '" + s.label + "': " + s.x.length + " x values but " + s.y.length + " y values");
        }
        series.add(s);
        return this;
    }

    /** Puts the legend in the lower right corner instead of the upper right. */
    public LinePlot legendBottomRight() {
        legendBottom = true;
        return this;
    }

    public LinePlot xRange(double lo, double hi) {
        xLo = lo;
        xHi = hi;
        return this;
    }

    public LinePlot yRange(double lo, double hi) {
        yLo = lo;
        yHi = hi;
        return this;
    }

    /** Writes the charts side by side into one PNG of the given size, creating parent folders. */
    public static void write(Path file, int width, int height, LinePlot... panels) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int w = width / panels.length;
        for (int i = 0; i < panels.length; i++) panels[i].draw(g, i * w, 0, w, height);
        g.dispose();
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    /** Draws this chart into the rectangle (x0, y0, w, h) of g. */
    public void draw(Graphics2D g, int x0, int y0, int w, int h) {
        double[] xr = range(true), yr = range(false);
        int left = x0 + 70, right = x0 + w - 20, top = y0 + 40, bottom = y0 + h - 55;
        // data → pixel: translate to the plot's corner, flip y, scale each axis
        Matrix3x2d toPixel = new Matrix3x2d()
                .translate(left, bottom)
                .scale((right - left) / (xr[1] - xr[0]), -(bottom - top) / (yr[1] - yr[0]))
                .translate(-xr[0], -yr[0]);
        Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        g.setFont(base.deriveFont(Font.BOLD, 15f));
        g.setColor(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, x0 + (w - fm.stringWidth(title)) / 2, y0 + 24);
        g.setFont(base);
        fm = g.getFontMetrics();
        g.setColor(new Color(0xe8e8e8));
        Vector2d p = new Vector2d();
        for (double t : xTicks(xr)) {
            toPixel.transformPosition(p.set(t, yr[0]));
            g.drawLine((int) p.x, top, (int) p.x, bottom);
        }
        for (double t : ticks(yr[0], yr[1])) {
            toPixel.transformPosition(p.set(xr[0], t));
            g.drawLine(left, (int) p.y, right, (int) p.y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);
        for (double t : xTicks(xr)) {
            toPixel.transformPosition(p.set(t, yr[0]));
            String s = tickLabel(logX ? Math.rint(Math.pow(10, t) * 1e6) / 1e6 : t); // 10^log10(200) is 199.99999...
            g.drawLine((int) p.x, bottom, (int) p.x, bottom + 5);
            g.drawString(s, (int) p.x - fm.stringWidth(s) / 2, bottom + 20);
        }
        for (double t : ticks(yr[0], yr[1])) {
            toPixel.transformPosition(p.set(xr[0], t));
            String s = tickLabel(t);
            g.drawLine(left - 5, (int) p.y, left, (int) p.y);
            g.drawString(s, left - 8 - fm.stringWidth(s), (int) p.y + 5);
        }
        g.drawString(xLabel, (left + right - fm.stringWidth(xLabel)) / 2, bottom + 42);
        Graphics2D gy = (Graphics2D) g.create();
        gy.rotate(-Math.PI / 2);
        gy.drawString(yLabel, -(top + bottom + fm.stringWidth(yLabel)) / 2, x0 + 18);
        gy.dispose();
        Graphics2D clip = (Graphics2D) g.create();
        clip.clipRect(left, top, right - left, bottom - top);
        for (Series s : series) drawSeries(clip, s, toPixel);
        clip.dispose();
        drawLegend(g, fm, right, legendBottom ? bottom - 14 - 18 * series.size() : top);
    }

    private double tx(double v) {
        return logX ? Math.log10(v) : v;
    }

    /** Tick positions in plotted (possibly log₁₀) units. */
    private List<Double> xTicks(double[] xr) {
        if (!logX) return ticks(xr[0], xr[1]);
        List<Double> out = new ArrayList<>();
        for (int e = (int) Math.floor(xr[0]) - 1; e <= (int) Math.ceil(xr[1]); e++) {
            for (double m : new double[] {1, 2, 5}) {
                double t = e + Math.log10(m);
                if (t >= xr[0] - 1e-9 && t <= xr[1] + 1e-9) out.add(t);
            }
        }
        return out;
    }

    private void drawSeries(Graphics2D g, Series s, Matrix3x2d toPixel) {
        Vector2d p = new Vector2d(), q = new Vector2d();
        g.setColor(s.color);
        if (s.bars) {
            for (int i = 0; i < s.y.length; i++) {
                toPixel.transformPosition(p.set(s.x[i], 0));
                toPixel.transformPosition(q.set(s.x[i + 1], s.y[i]));
                int px = (int) Math.round(Math.min(p.x, q.x)), py = (int) Math.round(Math.min(p.y, q.y));
                int pw = Math.max(1, (int) Math.round(Math.abs(q.x - p.x)) - 1), ph = (int) Math.round(Math.abs(q.y - p.y));
                g.fillRect(px, py, pw, ph);
            }
            return;
        }
        g.setStroke(s.dashed
                ? new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {8f, 5f}, 0f)
                : new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double path = new Path2D.Double();
        boolean started = false;
        for (int i = 0; i < s.x.length; i++) {
            if (!Double.isFinite(s.y[i])) {
                started = false;
                continue;
            }
            toPixel.transformPosition(p.set(tx(s.x[i]), s.y[i]));
            if (started) path.lineTo(p.x, p.y);
            else path.moveTo(p.x, p.y);
            started = true;
            if (s.marker != Marker.NONE) drawMarker(g, s.marker, p.x, p.y);
        }
        if (!s.noLine) g.draw(path);
    }

    private static void drawMarker(Graphics2D g, Marker m, double x, double y) {
        java.awt.geom.Ellipse2D.Double dot = new java.awt.geom.Ellipse2D.Double(x - 5, y - 5, 10, 10);
        java.awt.Stroke old = g.getStroke();
        g.setStroke(new BasicStroke(2f));
        if (m == Marker.FILLED) g.fill(dot);
        else g.draw(dot);
        g.setStroke(old);
    }

    private void drawLegend(Graphics2D g, FontMetrics fm, int right, int top) {
        int widest = 0;
        for (Series s : series) widest = Math.max(widest, fm.stringWidth(s.label));
        int bx = right - widest - 50, by = top + 8, rowH = 18;
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(bx - 6, by - 4, widest + 46, rowH * series.size() + 6);
        g.setColor(Color.GRAY);
        g.drawRect(bx - 6, by - 4, widest + 46, rowH * series.size() + 6);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            int y = by + i * rowH + rowH / 2;
            g.setColor(s.color);
            if (s.bars) g.fillRect(bx, y - 5, 26, 10);
            else {
                g.setStroke(s.dashed ? new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
                        : new BasicStroke(2.2f));
                if (!s.noLine) g.drawLine(bx, y, bx + 26, y);
                if (s.marker != Marker.NONE) drawMarker(g, s.marker, bx + 13, y);
            }
            g.setColor(Color.BLACK);
            g.drawString(s.label, bx + 34, y + 5);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private double[] range(boolean x) {
        if (x && !Double.isNaN(xLo)) return new double[] {tx(xLo), tx(xHi)};
        if (!x && !Double.isNaN(yLo)) return new double[] {yLo, yHi};
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double raw : x ? s.x : s.y) {
                double v = x ? tx(raw) : raw;
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            if (!x && s.bars) lo = Math.min(lo, 0);
        }
        if (!(lo < hi)) {
            lo = Double.isFinite(lo) ? lo - 1 : 0;
            hi = lo + 2;
        }
        double pad = x ? (logX ? 0.08 * (hi - lo) : 0) : 0.05 * (hi - lo);
        return new double[] {lo - (lo == 0 && !logX ? 0 : pad), hi + pad};
    }

    /** Tick positions at a step of 1, 2 or 5 times a power of ten, about six per axis. */
    static List<Double> ticks(double lo, double hi) {
        double raw = (hi - lo) / 6, mag = Math.pow(10, Math.floor(Math.log10(raw))), step;
        double r = raw / mag;
        step = (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10) * mag;
        List<Double> out = new ArrayList<>();
        for (double t = Math.ceil(lo / step) * step; t <= hi + 1e-9 * step; t += step) out.add(Math.abs(t) < 1e-12 * step ? 0 : t);
        return out;
    }

    private static String tickLabel(double t) {
        if (t == Math.rint(t) && Math.abs(t) < 1e6) return Long.toString((long) t);
        String s = String.format("%.3g", t);
        return s.contains("e") ? s : s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
