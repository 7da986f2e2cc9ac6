using System.IO.Compression;
using System.Xml.Linq;
using CommunityAcademy.Web.Infrastructure.Files;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace CommunityAcademy.Browser.Tests.Support;

/// <summary>A file the browser downloaded: the name it offered and what it holds.</summary>
public sealed record Downloaded(string FileName, byte[] Bytes);

/// <summary>Files as a person handles them: downloaded by clicking a link, opened in Word or Excel, filled in, uploaded.</summary>
public static class Office
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

    /// <summary>Clicks the link and waits for the browser's download (Playwright deletes the file with the context: it is read at once).</summary>
    public static async Task<Downloaded> DownloadAsync(IPage page, ILocator link)
    {
        var waiting = page.WaitForDownloadAsync();
        await link.ClickAsync();
        var download = await waiting;
        Assert.Null(await download.FailureAsync());
        var path = await download.PathAsync();
        return new Downloaded(download.SuggestedFilename, await File.ReadAllBytesAsync(path));
    }

    /// <summary>
    /// The content type of the package's main part (the target of the officeDocument relationship in _rels/.rels),
    /// as [Content_Types].xml declares it: what Word and Excel look at first.
    /// </summary>
    public static string MainContentType(byte[] package)
    {
        Assert.True(package.Length > 4 && package[0] == 'P' && package[1] == 'K', "not a zip package");
        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        XDocument load(string name)
        {
            using var s = (zip.GetEntry(name) ?? throw new InvalidDataException($"no {name} in the package")).Open();
            return XDocument.Load(s);
        }
        XNamespace rel = "http://schemas.openxmlformats.org/package/2006/relationships";
        XNamespace ct = "http://schemas.openxmlformats.org/package/2006/content-types";
        var main = "/" + ((string)load("_rels/.rels").Root!.Elements(rel + "Relationship")
            .Single(r => ((string)r.Attribute("Type")!).EndsWith("/officeDocument")).Attribute("Target")!).TrimStart('/');
        var types = load("[Content_Types].xml").Root!;
        var part = types.Elements(ct + "Override").FirstOrDefault(e => string.Equals((string)e.Attribute("PartName")!, main, StringComparison.OrdinalIgnoreCase));
        var byExtension = types.Elements(ct + "Default")
            .FirstOrDefault(e => string.Equals((string)e.Attribute("Extension")!, Path.GetExtension(main).TrimStart('.'), StringComparison.OrdinalIgnoreCase));
        return (string?)(part ?? byExtension)?.Attribute("ContentType") ?? $"(no content type for {main})";
    }

    /// <summary>Opens a .docx with the Open XML SDK (as Word would) and returns its paragraphs, table cells included.</summary>
    public static IReadOnlyList<string> DocxParagraphs(byte[] docx)
    {
        Assert.Equal(DocxType, MainContentType(docx));
        using var doc = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return doc.MainDocumentPart!.Document.Body!.Descendants<W.Paragraph>()
            .Select(p => string.Concat(p.Descendants<W.Text>().Select(t => t.Text))).ToList();
    }

    /// <summary>Opens a .xlsx with the Open XML SDK (it must be a valid workbook) and reads its first sheet's rows.</summary>
    public static IReadOnlyList<SheetRow> XlsxRows(byte[] xlsx)
    {
        Assert.Equal(XlsxType, MainContentType(xlsx));
        using (var doc = SpreadsheetDocument.Open(new MemoryStream(xlsx), false))
            Assert.NotEmpty(doc.WorkbookPart!.WorksheetParts);
        return SpreadsheetReader.Read(new MemoryStream(xlsx), "book.xlsx").ToList();
    }

    /// <summary>A workbook as Excel saves one that was filled in from the template: the instructions line, the header, the rows.</summary>
    public static byte[] Xlsx(IReadOnlyList<string> titleRows, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms, escape: false, new XlsxWriter.Sheet("回执", header, rows.ToList()) { TitleRows = titleRows });
        return ms.ToArray();
    }

    public static FilePayload XlsxPayload(string name, byte[] bytes) => new()
    {
        Name = name, MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = bytes,
    };
}
