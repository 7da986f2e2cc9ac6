using CommunityAcademy.Domain.Certificates;
using QRCoder;
using SkiaSharp;

namespace CommunityAcademy.Web.Features.Certificates;

/// <summary>
/// 结业证书 as PDF (#22 point 3), drawn with SkiaSharp's PDF back end: A4 landscape or portrait, a double border, the
/// title, the body wrapped to the page (a paragraph per line of the template, the first — the salutation — flush left,
/// the others indented two characters), the issuer and the date at the bottom right under the seal, the QR code of the
/// verification link and the serial number at the bottom left. The font is the app's own
/// (Fonts/NotoSansSC-Certificate.otf beside the executable, cut from Noto Sans CJK SC by tools/certificate_font.py), so the
/// PDF is the same on every machine, and its text extracts back (a PDF reader finds the name and the serial).
/// </summary>
public static class CertificatePdf
{
    public const string ContentType = "application/pdf";
    public const string FontFile = "NotoSansSC-Certificate.otf";
    private const float A4Short = 595.28f, A4Long = 841.89f;
    private static readonly SKColor Red = new(0xB2, 0x1F, 0x1F);
    private static readonly SKColor Ink = new(0x1A, 0x1A, 0x1A);

    private static readonly Lazy<SKTypeface> Face = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fonts", FontFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"The app's font is missing: {path} (it is copied beside the app at build and publish).", path);
        return SKTypeface.FromFile(path) ?? throw new InvalidOperationException($"The app's font could not be read: {path}");
    });

    /// <summary>The app's own font (Noto Sans CJK SC, the cut beside the executable), read once: the certificates, the class
    /// summary's charts and the demo's seal are drawn with it.</summary>
    public static SKTypeface Typeface => Face.Value;

    /// <summary>The family name of the font the certificates are drawn with (Noto Sans CJK SC).</summary>
    public static string FontFamily => Face.Value.FamilyName;

    /// <summary>One certificate to draw: what it prints and the absolute verification link its QR code carries.</summary>
    public sealed record Page(CertificateRow Certificate, string Link);

    /// <summary>Writes one PDF with a page per certificate, in the given order, to <paramref name="output"/>.</summary>
    public static void Write(Stream output, IEnumerable<Page> pages, IReadOnlyDictionary<long, byte[]> seals, string title)
    {
        var images = new Dictionary<long, SKImage?>(); // each seal decoded once: the PDF then holds it once
        try
        {
            using var stream = new SKManagedWStream(output);
            using var doc = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata
            {
                Title = title, Creator = "CommunityAcademy", Producer = "SkiaSharp", RasterDpi = 300, EncodingQuality = 95,
            });
            foreach (var p in pages)
            {
                SKImage? seal = null;
                if (p.Certificate.SealAttachmentId is { } id)
                {
                    if (!images.TryGetValue(id, out seal))
                        images[id] = seal = seals.TryGetValue(id, out var bytes) ? SKImage.FromEncodedData(bytes) : null;
                }
                var landscape = p.Certificate.Orientation != "portrait";
                var (w, h) = landscape ? (A4Long, A4Short) : (A4Short, A4Long);
                using (var canvas = doc.BeginPage(w, h)) Draw(canvas, w, h, p, seal);
                doc.EndPage();
            }
            doc.Close();
        }
        finally
        {
            foreach (var i in images.Values) i?.Dispose();
        }
    }

    public static byte[] Render(IEnumerable<Page> pages, IReadOnlyDictionary<long, byte[]> seals, string title)
    {
        using var ms = new MemoryStream();
        Write(ms, pages, seals, title);
        return ms.ToArray();
    }

    private static void Draw(SKCanvas canvas, float w, float h, Page p, SKImage? seal)
    {
        var c = p.Certificate;
        var face = Face.Value;
        using var border = new SKPaint { Color = Red, Style = SKPaintStyle.Stroke, StrokeWidth = 3, IsAntialias = true };
        canvas.DrawRect(24, 24, w - 48, h - 48, border);
        border.StrokeWidth = 1;
        canvas.DrawRect(32, 32, w - 64, h - 64, border);

        using var ink = new SKPaint { Color = Ink, IsAntialias = true };
        using var red = new SKPaint { Color = Red, IsAntialias = true };
        var landscape = w > h;
        var margin = landscape ? 90f : 70f;

        // title
        using var titleFont = new SKFont(face, landscape ? 44 : 40) { Embolden = true };
        var y = landscape ? 120f : 150f;
        canvas.DrawText(c.Title, w / 2, y, SKTextAlign.Center, titleFont, red);

        // body
        using var bodyFont = new SKFont(face, 19);
        var line = bodyFont.Spacing * 1.6f;
        y += landscape ? 60 : 80;
        var width = w - 2 * margin;
        var paragraphs = c.Body.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < paragraphs.Length; i++)
        {
            var indent = i == 0 ? 0f : bodyFont.MeasureText("　　");
            foreach (var l in Wrap(paragraphs[i], bodyFont, width, indent))
            {
                canvas.DrawText(l.Text, margin + l.Indent, y, SKTextAlign.Left, bodyFont, ink);
                y += line;
            }
        }

        // issuer and date, bottom right, the seal over them
        using var small = new SKFont(face, 17);
        var right = w - margin;
        var bottom = h - (landscape ? 95f : 120f);
        var issuerWidth = Math.Max(small.MeasureText(c.Issuer), small.MeasureText(CertificateFields.Date(c.IssueDate)));
        var cx = right - issuerWidth / 2;
        canvas.DrawText(c.Issuer, cx, bottom, SKTextAlign.Center, small, ink);
        canvas.DrawText(CertificateFields.Date(c.IssueDate), cx, bottom + small.Spacing * 1.5f, SKTextAlign.Center, small, ink);
        if (seal is not null)
        {
            const float size = 120f;
            var scale = size / Math.Max(seal.Width, seal.Height);
            var (sw, sh) = (seal.Width * scale, seal.Height * scale);
            canvas.DrawImage(seal, SKRect.Create(cx - sw / 2, bottom - sh / 2 - 10, sw, sh), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        // QR code and serial, bottom left
        const float qrSize = 86f;
        var qrTop = h - (landscape ? 72f : 80f) - qrSize - 26;
        DrawQr(canvas, p.Link, margin, qrTop, qrSize);
        using var tiny = new SKFont(face, 11);
        canvas.DrawText("证书编号：" + c.Serial, margin, qrTop + qrSize + 16, SKTextAlign.Left, tiny, ink);
        canvas.DrawText("扫码验证真伪", margin + qrSize + 8, qrTop + qrSize / 2, SKTextAlign.Left, tiny, ink);
    }

    private static void DrawQr(SKCanvas canvas, string link, float x, float y, float size)
    {
        using var gen = new QRCodeGenerator();
        using var data = gen.CreateQrCode(link, QRCodeGenerator.ECCLevel.M);
        var m = data.ModuleMatrix;
        var n = m.Count;
        var cell = size / n;
        using var black = new SKPaint { Color = SKColors.Black, IsAntialias = false };
        using var path = new SKPath();
        for (var r = 0; r < n; r++)
            for (var col = 0; col < n; col++)
                if (m[r][col]) path.AddRect(SKRect.Create(x + col * cell, y + r * cell, cell + 0.05f, cell + 0.05f));
        canvas.DrawPath(path, black);
    }

    private readonly record struct Line(string Text, float Indent);

    /// <summary>Lines of at most <paramref name="width"/>: CJK text breaks between any two characters; a closing mark stays on its line.</summary>
    private static IEnumerable<Line> Wrap(string paragraph, SKFont font, float width, float indent)
    {
        if (paragraph.Length == 0) { yield return new Line("", 0); yield break; }
        var start = 0;
        var first = true;
        while (start < paragraph.Length)
        {
            var room = width - (first ? indent : 0);
            var end = start + 1;
            while (end < paragraph.Length && font.MeasureText(paragraph.AsSpan(start, end + 1 - start)) <= room) end++;
            if (end < paragraph.Length && "，。、；：！？）》」』”’".Contains(paragraph[end]) && end - start > 1) end--; // do not start a line with a closing mark
            yield return new Line(paragraph[start..end], first ? indent : 0);
            start = end;
            first = false;
        }
    }
}
