using System.Globalization;
using System.Text;
using CommunityAcademy.Web.Features.Certificates;
using SkiaSharp;

namespace CommunityAcademy.Web.Features.Summary;

/// <summary>
/// A survey question's counts as a horizontal bar chart in PNG, drawn on the server for the .docx (#24 point 1).
/// Text is drawn with the app's own font (Fonts/NotoSansSC-Certificate.otf, the certificates' Noto Sans CJK SC cut: Latin,
/// CJK punctuation, Extension A and all of U+4E00–U+9FFF, so any label typed in Simplified Chinese draws the same on every
/// machine). A character outside the cut (an Extension B name character, an emoji) is drawn with whatever installed font
/// holds it (<see cref="SKFontManager.MatchCharacter(int)"/>); when none does, it is drawn as "?" rather than an empty box.
/// The chart is a picture of figures that are also written as text beside it: it never carries a figure alone.
/// </summary>
public static class SummaryChart
{
    public const int Width = 1200;
    private const float Margin = 24, LabelWidth = 430, ValueWidth = 190, RowHeight = 62, TitleSize = 30, LabelSize = 24;
    private static readonly SKColor Bar = new(0x2F, 0x6F, 0xB5), Ink = new(0x1A, 0x1A, 0x1A), Grid = new(0xDD, 0xDD, 0xDD);

    private static SKTypeface Face => CertificatePdf.Typeface;

    /// <summary>A bar per label with its count and share; returns the PNG and its size in pixels.</summary>
    public static (byte[] Png, int Width, int Height) Bars(string title, IReadOnlyList<string> labels, IReadOnlyList<long> counts)
    {
        var total = counts.Sum();
        var max = Math.Max(1, counts.DefaultIfEmpty(0).Max());
        using var titleFont = new SKFont(Face, TitleSize) { Embolden = true };
        using var labelFont = new SKFont(Face, LabelSize);
        var titleLines = Wrap(title, titleFont, Width - 2 * Margin, 3);
        var rows = labels.Select(l => Wrap(l, labelFont, LabelWidth - 16, 2)).ToList();
        var top = Margin + titleLines.Count * TitleSize * 1.35f + 12;
        var height = (int)Math.Ceiling(top + rows.Count * RowHeight + Margin);

        var info = new SKImageInfo(Width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var ink = new SKPaint { Color = Ink, IsAntialias = true };
        using var bar = new SKPaint { Color = Bar, IsAntialias = true };
        using var grid = new SKPaint { Color = Grid, StrokeWidth = 1, IsAntialias = false };

        var y = Margin + TitleSize;
        foreach (var line in titleLines) { Draw(canvas, line, Margin, y, titleFont, ink); y += TitleSize * 1.35f; }

        var barLeft = Margin + LabelWidth;
        var barSpace = Width - Margin - ValueWidth - barLeft;
        canvas.DrawLine(barLeft, top - 6, barLeft, top + rows.Count * RowHeight, grid);
        for (var i = 0; i < rows.Count; i++)
        {
            var rowTop = top + i * RowHeight;
            var lines = rows[i];
            var lineY = rowTop + RowHeight / 2 - (lines.Count - 1) * LabelSize * 0.6f + LabelSize * 0.35f;
            foreach (var line in lines)
            {
                Draw(canvas, line, barLeft - 16 - Measure(line, labelFont), lineY, labelFont, ink);
                lineY += LabelSize * 1.2f;
            }
            var w = (float)(barSpace * counts[i] / (double)max);
            if (counts[i] > 0) canvas.DrawRect(barLeft, rowTop + 12, Math.Max(w, 2), RowHeight - 24, bar);
            var value = counts[i].ToString(CultureInfo.InvariantCulture) + "（" + Share(counts[i], total) + "）";
            Draw(canvas, value, barLeft + w + 10, rowTop + RowHeight / 2 + LabelSize * 0.35f, labelFont, ink);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return (data.ToArray(), Width, height);
    }

    /// <summary>"42.9%": a count's share of the total, to one decimal (0.0% when nobody answered).</summary>
    public static string Share(long count, long total) =>
        (total == 0 ? 0m : Math.Round(count * 100m / total, 1)).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    // ------------------------------------------------------------------ text with a fallback per character

    /// <summary>The text in runs, each with the typeface that holds its characters ("?" for a character no font holds).</summary>
    internal static List<(string Text, SKTypeface Face)> Runs(string text)
    {
        var runs = new List<(string, SKTypeface)>();
        var sb = new StringBuilder();
        SKTypeface? current = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var (face, s) = FaceOf(rune);
            if (current is not null && !ReferenceEquals(face, current)) { runs.Add((sb.ToString(), current)); sb.Clear(); }
            current = face;
            sb.Append(s);
        }
        if (current is not null && sb.Length > 0) runs.Add((sb.ToString(), current));
        return runs;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, SKTypeface?> Fallbacks = new();

    private static (SKTypeface Face, string Text) FaceOf(Rune rune)
    {
        var face = Face;
        if (Rune.IsControl(rune) || rune.Value == 0xFE0F || rune.Value == 0x200D) return (face, ""); // invisible: nothing to draw
        if (face.ContainsGlyph(rune.Value)) return (face, rune.ToString());
        var other = Fallbacks.GetOrAdd(rune.Value, v => SKFontManager.Default.MatchCharacter(v) is { } f && f.ContainsGlyph(v) ? f : null);
        return other is null ? (face, "?") : (other, rune.ToString());
    }

    /// <summary>Whether the app's own font draws every character of <paramref name="text"/> (no fallback needed).</summary>
    public static bool OwnFontHolds(string text) => text.EnumerateRunes().All(r => Rune.IsControl(r) || Face.ContainsGlyph(r.Value));

    private static float Measure(string text, SKFont font)
    {
        var w = 0f;
        foreach (var (t, face) in Runs(text))
        {
            if (ReferenceEquals(face, font.Typeface)) { w += font.MeasureText(t); continue; }
            using var f = new SKFont(face, font.Size);
            w += f.MeasureText(t);
        }
        return w;
    }

    private static void Draw(SKCanvas canvas, string text, float x, float y, SKFont font, SKPaint paint)
    {
        foreach (var (t, face) in Runs(text))
        {
            if (ReferenceEquals(face, font.Typeface))
            {
                canvas.DrawText(t, x, y, SKTextAlign.Left, font, paint);
                x += font.MeasureText(t);
                continue;
            }
            using var f = new SKFont(face, font.Size) { Embolden = font.Embolden };
            canvas.DrawText(t, x, y, SKTextAlign.Left, f, paint);
            x += f.MeasureText(t);
        }
    }

    /// <summary>Lines no wider than <paramref name="width"/>, at most <paramref name="maxLines"/> (the last one ends in "…" when cut).</summary>
    private static List<string> Wrap(string text, SKFont font, float width, int maxLines)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var cut = false;
        foreach (var rune in text.Replace("\r", "").Replace('\n', ' ').EnumerateRunes())
        {
            if (line.Length > 0 && Measure(line.ToString() + rune, font) > width)
            {
                if (lines.Count == maxLines - 1) { cut = true; break; }
                lines.Add(line.ToString());
                line.Clear();
            }
            line.Append(rune.ToString());
        }
        var last = line.ToString();
        if (cut)
        {
            while (last.Length > 1 && Measure(last + "…", font) > width) last = last[..^1];
            last += "…";
        }
        if (last.Length > 0 || lines.Count == 0) lines.Add(last);
        return lines;
    }
}
