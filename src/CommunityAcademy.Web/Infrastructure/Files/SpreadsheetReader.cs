using System.Globalization;
using System.IO.Compression;
using System.Text;
using ExcelDataReader;

namespace CommunityAcademy.Web.Infrastructure.Files;

/// <summary>One problem in an uploaded file. Row is the spreadsheet's own row number (1-based); Column its header.</summary>
public sealed record CellError(int Row, string? Column, string Message);

/// <summary>A row of the first sheet, with its spreadsheet row number.</summary>
public sealed record SheetRow(int Number, IReadOnlyList<string> Cells)
{
    public string this[int column] => column >= 0 && column < Cells.Count ? Cells[column] : "";
    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}

/// <summary>A file that cannot be imported. <see cref="Rule"/>, when set, is the message as a resource key (Error.{Code}).</summary>
public sealed class SpreadsheetException(string message, CommunityAcademy.Domain.Error? rule = null) : Exception(message)
{
    public CommunityAcademy.Domain.Error? Rule => rule;
}

/// <summary>
/// Reads .xlsx, .xls and .csv uploads into rows of text. CSV may be UTF-8 (with or without BOM) or
/// GBK/GB18030 as Excel on Chinese Windows writes it. Formulas are never evaluated: the cached value is read.
/// Every import reads through here, and every file is measured first against <see cref="ImportLimits"/>
/// (<see cref="SheetGuard"/>): a sheet too large is refused before a cell of it is materialised.
/// </summary>
public static class SpreadsheetReader
{
    public const long MaxBytes = 20 * 1024 * 1024;
    public const int MaxCellLength = 500;

    static SpreadsheetReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gb18030 => Encoding.GetEncoding("GB18030");

    private static readonly char[] Separators = [',', '\t', ';'];

    /// <summary>
    /// Reads every row of the first sheet, within <paramref name="limits"/> (default <see cref="ImportLimits.Default"/>).
    /// Throws <see cref="SpreadsheetException"/> with a Chinese message when the file is not a readable table or is
    /// over a limit (then <see cref="SpreadsheetException.Rule"/> says which, for the user's language).
    /// </summary>
    public static IEnumerable<SheetRow> Read(Stream input, string fileName, ImportLimits? limits = null)
    {
        limits ??= ImportLimits.Default;
        var data = Buffer(input);
        if (data.Length == 0) throw new SpreadsheetException("文件是空的。");
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        switch (ext)
        {
            case ".csv" or ".txt":
                var encoding = DetectCsvEncoding(data.GetBuffer().AsSpan(0, (int)data.Length));
                SheetGuard.CheckCsv(data.GetBuffer().AsSpan(0, (int)data.Length), encoding, Separators, limits);
                return ReadWith(data, isCsv: true, limits);
            case ".xlsx" or ".xlsm":
                if (!IsZip(data)) throw new SpreadsheetException("文件扩展名是 .xlsx，但内容不是 Excel 工作簿。");
                GuardZip(data, limits);
                return ReadWith(data, false, limits);
            case ".xls":
                // The reader goes by content: a workbook renamed .xls is read as .xlsx, so it is measured as one.
                if (data.Length >= 2 && data.GetBuffer() is [(byte)'P', (byte)'K', ..]) GuardZip(data, limits);
                // BIFF is counted as it is read (ReadWith): a row costs its width, and the width is checked first.
                return ReadWith(data, false, limits);
            default:
                throw new SpreadsheetException($"不支持的文件类型“{ext}”，请上传 .xlsx、.xls 或 .csv 文件。");
        }
    }

    private static void GuardZip(MemoryStream data, ImportLimits limits)
    {
        try { SheetGuard.CheckXlsx(data.GetBuffer(), (int)data.Length, limits); }
        catch (Exception e) when (e is not (SpreadsheetException or OutOfMemoryException))
        {
            // A zip or XML the guard cannot read, the reader could not either: a broken file, not a 500.
            throw new SpreadsheetException("无法读取文件，它可能已损坏或不是表格文件。");
        }
    }

    private static MemoryStream Buffer(Stream input)
    {
        var ms = new MemoryStream();
        var buf = new byte[81920];
        int n;
        while ((n = input.Read(buf, 0, buf.Length)) > 0)
        {
            ms.Write(buf, 0, n);
            if (ms.Length > MaxBytes) throw new SpreadsheetException($"文件过大（上限 {MaxBytes / 1024 / 1024} MB）。");
        }
        ms.Position = 0;
        return ms;
    }

    private static bool IsZip(MemoryStream data)
    {
        var b = data.GetBuffer();
        if (data.Length < 4 || b[0] != 'P' || b[1] != 'K') return false;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(b, 0, (int)data.Length, false), ZipArchiveMode.Read);
            return zip.Entries.Any(e => e.FullName.Equals("xl/workbook.xml", StringComparison.OrdinalIgnoreCase));
        }
        catch (InvalidDataException) { return false; }
    }

    /// <summary>UTF-8 when the bytes are valid UTF-8 (or carry its BOM), otherwise GB18030 (a superset of GBK).</summary>
    public static Encoding DetectCsvEncoding(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return new UTF8Encoding(false);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Encoding.Unicode;
        try
        {
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(bytes);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return Gb18030;
        }
    }

    private static List<SheetRow> ReadWith(MemoryStream data, bool isCsv, ImportLimits limits)
    {
        var rows = new List<SheetRow>();
        try
        {
            var config = new ExcelReaderConfiguration
            {
                FallbackEncoding = isCsv ? DetectCsvEncoding(data.GetBuffer().AsSpan(0, (int)data.Length)) : Encoding.UTF8,
                AutodetectSeparators = Separators,
            };
            using var reader = isCsv ? ExcelReaderFactory.CreateCsvReader(data, config) : ExcelReaderFactory.CreateReader(data, config);
            // Checked again as the rows come: the only count for .xls, a second one for the others.
            SheetGuard.Check(limits, 0, reader.FieldCount);
            var number = 0;
            while (reader.Read())
            {
                number++;
                SheetGuard.Check(limits, number, reader.FieldCount);
                var cells = new string[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++) cells[i] = CellText(reader.GetValue(i));
                rows.Add(new SheetRow(number, cells));
            }
        }
        catch (SpreadsheetException) { throw; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new SpreadsheetException("无法读取文件，它可能已损坏或不是表格文件。");
        }
        return rows;
    }

    public static string CellText(object? value) => value switch
    {
        null => "",
        string s => s.Trim(),
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        DateTime dt => dt.TimeOfDay == TimeSpan.Zero ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : dt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        bool b => b ? "是" : "否",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()?.Trim() ?? "",
    };

    /// <summary>Header text compared loosely: spaces gone, full-width letters and brackets folded, case ignored.</summary>
    public static string NormalizeHeader(string header)
    {
        var sb = new StringBuilder(header.Length);
        foreach (var ch in header.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsWhiteSpace(ch) || ch == '*' || ch == '\u3000') continue;
            sb.Append(char.ToLowerInvariant(ch));
        }
        return sb.ToString();
    }

    /// <summary>
    /// Finds the header row (within the first rows: templates carry an instructions line above it) and maps
    /// each wanted column to its index. Aliases are compared with <see cref="NormalizeHeader"/>.
    /// </summary>
    public static (int HeaderIndex, Dictionary<string, int> Columns)? FindHeader(
        IReadOnlyList<SheetRow> rows, IReadOnlyDictionary<string, string[]> wanted, IEnumerable<string> required, int lookAhead = 5)
    {
        var req = required.ToList();
        for (var r = 0; r < Math.Min(lookAhead, rows.Count); r++)
        {
            var map = new Dictionary<string, int>();
            var cells = rows[r].Cells.Select(NormalizeHeader).ToList();
            foreach (var (key, aliases) in wanted)
            {
                var norm = aliases.Select(NormalizeHeader).ToHashSet();
                var idx = cells.FindIndex(norm.Contains);
                if (idx >= 0) map[key] = idx;
            }
            if (req.All(map.ContainsKey)) return (r, map);
        }
        return null;
    }
}
