using System.IO.Compression;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Web;
using SkiaSharp;

namespace CommunityAcademy.Web.Features.Outputs;

/// <summary>
/// 成果汇编 (#17 point 5): a session's outputs as a .docx in the official layout — a heading per group, its text
/// sections, its entries as a table, its photos at the text width, its files named — and as a .zip of the stored files
/// in a folder per group.
/// </summary>
public sealed class OutputExport(AttachmentStore files, Texts texts)
{
    public async Task<byte[]> DocxAsync(OutputBoard board, string? issuer)
    {
        var title = texts["Outputs.DocTitle", board.SessionTitle];
        var doc = new OfficialDocx().Properties(title, issuer).Title(title).Blank();
        var n = 0;
        foreach (var stall in board.Stalls)
        {
            n++;
            doc.Heading1($"{Numbering.Chinese(n)}、{stall.Name}");
            var empty = true;
            var sub = 0;
            foreach (var section in board.Template.Sections)
            {
                if (section.Kind == "text")
                {
                    if (stall.Text(section.Key) is not { Body.Length: > 0 } t) continue;
                    doc.Heading2($"（{Numbering.Chinese(++sub)}）{section.Title}");
                    foreach (var line in t.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) doc.Body(line);
                    empty = false;
                }
                else
                {
                    var entries = stall.Entries.Where(e => e.SectionKey == section.Key).ToList();
                    if (entries.Count == 0) continue;
                    doc.Heading2($"（{Numbering.Chinese(++sub)}）{section.Title}");
                    // The categories' order, then as entered.
                    var order = section.Categories.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
                    var rows = entries.OrderBy(e => order.GetValueOrDefault(e.Category, int.MaxValue)).ThenBy(e => e.Id)
                        .Select(e => (IReadOnlyList<string>)[e.Category, e.Name, e.Description ?? ""]).ToList();
                    var w = OfficialDocx.TextWidth;
                    doc.Table([texts["Outputs.Category"], texts["Outputs.EntryName"], texts["Outputs.EntryDescription"]], rows, [w * 18 / 100, w * 27 / 100, w - w * 18 / 100 - w * 27 / 100]);
                    empty = false;
                }
            }
            var photos = stall.Files.Where(f => f.IsPhoto).ToList();
            if (photos.Count > 0)
            {
                doc.Heading2($"（{Numbering.Chinese(++sub)}）{texts["Outputs.Photos"]}");
                foreach (var p in photos)
                {
                    if (await files.BytesAsync(p.AttachmentId, display: true) is not { } bytes) continue;
                    using var codec = SKCodec.Create(new MemoryStream(bytes));
                    if (codec is null) continue;
                    doc.Image(bytes, codec.EncodedFormat == SKEncodedImageFormat.Png, codec.Info.Width, codec.Info.Height, p.FileName);
                }
                empty = false;
            }
            var others = stall.Files.Where(f => !f.IsPhoto).ToList();
            if (others.Count > 0)
            {
                doc.Heading2($"（{Numbering.Chinese(++sub)}）{texts["Outputs.Files"]}");
                foreach (var f in others) doc.Body(f.OriginalName);
                empty = false;
            }
            if (empty) doc.Body(texts["Outputs.NothingYet"]);
        }
        if (n == 0) doc.Body(texts["Outputs.NoStalls"]);
        return doc.ToBytes();
    }

    /// <summary>The stored files, one folder per group ("01 石榴园社区/海报.jpg"); names made unique within a folder.</summary>
    public async Task<byte[]> ZipAsync(OutputBoard board)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            var n = 0;
            foreach (var stall in board.Stalls)
            {
                n++;
                if (stall.Files.Count == 0) continue;
                var folder = $"{n:00} {Safe(stall.Name)}";
                var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var f in stall.Files)
                {
                    if (await files.BytesAsync(f.AttachmentId, display: false) is not { } bytes) continue;
                    var name = Safe(f.FileName);
                    var stem = Path.GetFileNameWithoutExtension(name);
                    var ext = Path.GetExtension(name);
                    for (var i = 2; !used.Add(name); i++) name = $"{stem} ({i}){ext}";
                    var entry = zip.CreateEntry($"{folder}/{name}", CompressionLevel.Fastest);
                    await using var s = entry.Open();
                    await s.WriteAsync(bytes);
                }
            }
        }
        return ms.ToArray();
    }

    private static string Safe(string name)
    {
        var bad = Path.GetInvalidFileNameChars().Concat(['/', '\\', ':', '*', '?', '"', '<', '>', '|']).ToHashSet();
        var s = new string(name.Select(ch => bad.Contains(ch) || char.IsControl(ch) ? '_' : ch).ToArray()).Trim().TrimStart('.');
        return s.Length == 0 ? "_" : s.Length > 80 ? s[..80] : s;
    }
}

/// <summary>一、二、… for headings.</summary>
public static class Numbering
{
    private static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    public static string Chinese(int n) => n switch
    {
        < 10 => Digits[Math.Max(0, n)],
        10 => "十",
        < 20 => "十" + Digits[n % 10],
        < 100 => Digits[n / 10] + "十" + (n % 10 == 0 ? "" : Digits[n % 10]),
        _ => n.ToString(),
    };
}
