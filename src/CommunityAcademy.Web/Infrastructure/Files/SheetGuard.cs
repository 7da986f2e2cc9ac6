using System.IO.Compression;
using System.Text;
using System.Xml;
using CommunityAcademy.Domain;

namespace CommunityAcademy.Web.Infrastructure.Files;

/// <summary>
/// Measures an upload against <see cref="ImportLimits"/> before the reader sees it, without materialising a cell.
/// ExcelDataReader fills every empty cell up to the last used row and column, so a 1.5 KB .xlsx with cells at A1
/// and XFD10000 would cost 10,000 × 16,384 cells; here it is refused on its declared dimension, and a sheet whose
/// dimension lies is refused by the streaming count as soon as its row, column or cell count passes a limit.
/// For .xlsx every part is unzipped through a byte budget (a zip bomb stops there); .csv is counted row by row
/// and field by field for each separator the reader may pick; .xls is counted while it is read.
/// </summary>
public static class SheetGuard
{
    public static SpreadsheetException TooManyRows(ImportLimits l) =>
        new($"表格超出导入上限：最多 {l.MaxRows:N0} 行。未导入任何内容，请拆分后分批导入。", new Error("Import.TooManyRows", l.MaxRows));

    public static SpreadsheetException TooManyColumns(ImportLimits l, int column) =>
        new($"表格超出导入上限：最多 {l.MaxColumns:N0} 列（表中用到了第 {column:N0} 列，即 {XlsxWriter.ColumnName(column - 1)} 列）。未导入任何内容，请删除多余的列后再导入。",
            new Error("Import.TooManyColumns", l.MaxColumns, column, XlsxWriter.ColumnName(column - 1)));

    public static SpreadsheetException TooManyCells(ImportLimits l) =>
        new($"表格超出导入上限：行数 × 列数最多 {l.MaxCells:N0} 个单元格。未导入任何内容，请拆分后分批导入。", new Error("Import.TooManyCells", l.MaxCells));

    public static SpreadsheetException TooLarge(ImportLimits l) =>
        new($"表格解压后超过 {l.MaxUnzippedBytes / 1024 / 1024:N0} MB，超出导入上限。未导入任何内容。", new Error("Import.TooLarge", l.MaxUnzippedBytes / 1024 / 1024));

    /// <summary>Rows so far and the widest column so far, against every limit.</summary>
    public static void Check(ImportLimits l, long rows, long columns)
    {
        if (columns > l.MaxColumns) throw TooManyColumns(l, (int)Math.Min(columns, int.MaxValue));
        if (rows > l.MaxRows) throw TooManyRows(l);
        if (rows * columns > l.MaxCells) throw TooManyCells(l);
    }

    // ---- .xlsx ----

    public static void CheckXlsx(byte[] buffer, int length, ImportLimits limits)
    {
        using var zip = new ZipArchive(new MemoryStream(buffer, 0, length, false), ZipArchiveMode.Read);
        var budget = new Budget(limits);
        // What the zip declares first (cheap), then what it really holds as it is read.
        long declared = 0;
        foreach (var e in zip.Entries) declared += e.Length;
        if (declared > limits.MaxUnzippedBytes) throw TooLarge(limits);

        var sheets = FirstSheet(zip, budget) is { } first ? [first]
            : zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase) && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var sheet in sheets) CountSheet(sheet, budget, limits);
        // The other parts the reader loads whole (workbook, relationships, shared strings, styles): their real size
        // counts too. Other sheets and media it never opens.
        var buf = new byte[81920];
        foreach (var e in zip.Entries)
        {
            if (sheets.Contains(e) || e.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase)
                || !(e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))) continue;
            using var s = budget.Open(e);
            while (s.Read(buf, 0, buf.Length) > 0) { }
        }
    }

    /// <summary>The part of the workbook's first sheet, the one the reader reads (workbook.xml order, through its relationships).</summary>
    private static ZipArchiveEntry? FirstSheet(ZipArchive zip, Budget budget)
    {
        var workbook = zip.GetEntry("xl/workbook.xml");
        var rels = zip.GetEntry("xl/_rels/workbook.xml.rels");
        if (workbook is null || rels is null) return null;
        string? rid = null;
        using (var xr = XmlReader.Create(budget.Open(workbook), Settings))
            while (xr.Read())
                if (xr.NodeType == XmlNodeType.Element && xr.LocalName == "sheet")
                {
                    for (var ok = xr.MoveToFirstAttribute(); ok; ok = xr.MoveToNextAttribute())
                        if (xr.LocalName == "id" && xr.NamespaceURI.EndsWith("relationships", StringComparison.Ordinal)) rid = xr.Value;
                    break;
                }
        if (rid is null) return null;
        string? target = null;
        using (var xr = XmlReader.Create(budget.Open(rels), Settings))
            while (xr.Read())
                if (xr.NodeType == XmlNodeType.Element && xr.LocalName == "Relationship" && xr.GetAttribute("Id") == rid)
                {
                    target = xr.GetAttribute("Target");
                    break;
                }
        if (string.IsNullOrEmpty(target)) return null;
        var path = target.StartsWith('/') ? target[1..] : "xl/" + target;
        var parts = new List<string>();
        foreach (var p in path.Split('/'))
            if (p == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); }
            else if (p is not ("." or "")) parts.Add(p);
        path = string.Join('/', parts);
        return zip.Entries.FirstOrDefault(e => e.FullName.Equals(path, StringComparison.OrdinalIgnoreCase));
    }

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true, IgnoreProcessingInstructions = true,
    };

    /// <summary>The declared dimension, then every row and cell reference, stopping at the first limit passed.</summary>
    private static void CountSheet(ZipArchiveEntry sheet, Budget budget, ImportLimits limits)
    {
        using var xr = XmlReader.Create(budget.Open(sheet), Settings);
        long row = 0, column = 0, widest = 0, cells = 0;
        var inData = false;
        while (xr.Read())
        {
            if (xr.NodeType == XmlNodeType.EndElement && xr.LocalName == "sheetData") { inData = false; continue; }
            if (xr.NodeType != XmlNodeType.Element) continue;
            switch (xr.LocalName)
            {
                case "dimension" when !inData:
                    if (xr.GetAttribute("ref") is { } dim && Last(dim) is { } d) Check(limits, d.Row, d.Column);
                    break;
                case "sheetData":
                    inData = !xr.IsEmptyElement;
                    break;
                case "row" when inData:
                    row = long.TryParse(xr.GetAttribute("r"), out var r) && r > 0 ? r : row + 1;
                    column = 0;
                    Check(limits, row, widest);
                    break;
                case "c" when inData:
                    column = xr.GetAttribute("r") is { } cref && Reference(cref) is { } c ? c.Column : column + 1;
                    widest = Math.Max(widest, column);
                    if (++cells > limits.MaxCells) throw TooManyCells(limits);
                    Check(limits, Math.Max(row, 1), widest);
                    break;
            }
        }
    }

    /// <summary>The bottom-right cell of "A1:XFD10000" (or of "B2").</summary>
    private static (long Row, long Column)? Last(string range)
    {
        var colon = range.LastIndexOf(':');
        return Reference(colon >= 0 ? range[(colon + 1)..] : range);
    }

    /// <summary>"XFD10000" → row 10000, column 16384 (both 1-based); "$B$2" too. Null when it is not a reference.</summary>
    public static (long Row, long Column)? Reference(string cell)
    {
        long column = 0, row = 0;
        var i = 0;
        if (i < cell.Length && cell[i] == '$') i++;
        for (; i < cell.Length && char.IsAsciiLetter(cell[i]); i++)
        {
            column = column * 26 + (char.ToUpperInvariant(cell[i]) - 'A' + 1);
            if (column > int.MaxValue) return null;
        }
        if (i < cell.Length && cell[i] == '$') i++;
        var digits = i;
        for (; i < cell.Length && char.IsAsciiDigit(cell[i]); i++)
        {
            row = row * 10 + (cell[i] - '0');
            if (row > int.MaxValue) return null;
        }
        if (column == 0 || i == digits || i != cell.Length) return null;
        return (row, column);
    }

    /// <summary>Unzipped bytes of every part read, together, against <see cref="ImportLimits.MaxUnzippedBytes"/>.</summary>
    private sealed class Budget(ImportLimits limits)
    {
        private long _used;
        public Stream Open(ZipArchiveEntry e) => new Counted(e.Open(), this);
        private void Add(int n) { _used += n; if (_used > limits.MaxUnzippedBytes) throw TooLarge(limits); }

        private sealed class Counted(Stream inner, Budget budget) : Stream
        {
            public override int Read(byte[] buffer, int offset, int count) { var n = inner.Read(buffer, offset, count); budget.Add(n); return n; }
            public override int Read(Span<byte> buffer) { var n = inner.Read(buffer); budget.Add(n); return n; }
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
        }
    }

    // ---- .csv ----

    /// <summary>
    /// Rows and fields of a CSV, counted for each separator the reader may choose (it tries them all, so a row too
    /// wide for any of them is too wide), stopping at the first limit passed. Quotes as the reader takes them: a
    /// field that starts with " runs to the closing ", "" inside it being one quote.
    /// </summary>
    public static void CheckCsv(ReadOnlySpan<byte> bytes, Encoding encoding, char[] separators, ImportLimits limits)
    {
        var chars = new char[16384];
        var decoder = encoding.GetDecoder();
        var state = separators.Select(s => new CsvCount(s)).ToArray();
        var completed = false;
        while (!completed)
        {
            decoder.Convert(bytes, chars, flush: true, out var used, out var n, out completed);
            bytes = bytes[used..];
            for (var i = 0; i < n; i++)
                foreach (var s in state) s.Take(chars[i], limits);
            if (used == 0 && n == 0) break;
        }
        foreach (var s in state) s.End(limits);
    }

    private sealed class CsvCount(char separator)
    {
        private long _rows, _fields = 1, _widest;
        private bool _quoted, _quoteSeen, _atFieldStart = true, _rowHasContent, _lastWasCr;

        public void Take(char c, ImportLimits limits)
        {
            if (_quoted)
            {
                if (_quoteSeen) { _quoteSeen = false; if (c == '"') return; _quoted = false; }
                else { if (c == '"') _quoteSeen = true; return; }
            }
            if (c == '\n' && _lastWasCr) { _lastWasCr = false; return; }
            _lastWasCr = c == '\r';
            if (c is '\r' or '\n')
            {
                EndRow(limits);
                return;
            }
            _rowHasContent = true;
            if (c == separator) { _fields++; _atFieldStart = true; Check(limits, Math.Max(_rows, 1), Math.Max(_widest, _fields)); return; }
            if (_atFieldStart && c == '"') { _quoted = true; _atFieldStart = false; return; }
            if (!(c is ' ' or '\t' && c != separator)) _atFieldStart = false;
        }

        private void EndRow(ImportLimits limits)
        {
            _rows++;
            _widest = Math.Max(_widest, _fields);
            Check(limits, _rows, _widest);
            _fields = 1; _atFieldStart = true; _rowHasContent = false;
        }

        public void End(ImportLimits limits)
        {
            if (_rowHasContent || _quoted) EndRow(limits);
        }
    }
}
