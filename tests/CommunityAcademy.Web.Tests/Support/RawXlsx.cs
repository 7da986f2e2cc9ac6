using System.IO.Compression;
using System.Text;

namespace CommunityAcademy.Web.Tests.Support;

/// <summary>The smallest .xlsx the reader takes, its sheet XML written by hand: for files no spreadsheet program would write.</summary>
public static class RawXlsx
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public static byte[] Build(string sheetXml, params (string Path, string Text)[] extra)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            void add(string path, string text)
            {
                using var s = zip.CreateEntry(path, CompressionLevel.Optimal).Open();
                s.Write(Encoding.UTF8.GetBytes(text));
            }
            add("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>");
            add("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            add("xl/workbook.xml", $"<workbook xmlns=\"{Main}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            add("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
            add("xl/worksheets/sheet1.xml", sheetXml);
            foreach (var (path, text) in extra) add(path, text);
        }
        return ms.ToArray();
    }

    /// <summary>A sheet with text cells at the given references ("A1", "XFD10000"), one row element per row, and a dimension if given.</summary>
    public static string Sheet(string? dimension, params string[] cells)
    {
        var sb = new StringBuilder($"<worksheet xmlns=\"{Main}\">");
        if (dimension is not null) sb.Append($"<dimension ref=\"{dimension}\"/>");
        sb.Append("<sheetData>");
        foreach (var row in cells.GroupBy(c => int.Parse(new string(c.SkipWhile(char.IsLetter).ToArray()))).OrderBy(g => g.Key))
        {
            sb.Append($"<row r=\"{row.Key}\">");
            foreach (var c in row) sb.Append($"<c r=\"{c}\" t=\"inlineStr\"><is><t>{c}</t></is></c>");
            sb.Append("</row>");
        }
        return sb.Append("</sheetData></worksheet>").ToString();
    }

    /// <summary>A one-column sheet of <paramref name="rows"/> numbered rows, with no dimension: only counting finds its size.</summary>
    public static string Rows(int rows)
    {
        var sb = new StringBuilder($"<worksheet xmlns=\"{Main}\"><sheetData>", rows * 48);
        for (var r = 1; r <= rows; r++) sb.Append("<row r=\"").Append(r).Append("\"><c r=\"A").Append(r).Append("\"><v>").Append(r).Append("</v></c></row>");
        return sb.Append("</sheetData></worksheet>").ToString();
    }
}
