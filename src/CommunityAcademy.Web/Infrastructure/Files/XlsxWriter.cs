using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CommunityAcademy.Web.Infrastructure.Files;

/// <summary>
/// Writes simple .xlsx sheets (a bold header row) and their layout: widths, frozen panes, text columns, drop-downs,
/// print setup. A string cell is text: a phone number stays a phone number, and a value that begins with = + - @ is
/// prefixed with an apostrophe so that no spreadsheet program runs it as a formula (CSV/formula injection). Counts
/// (int, long, double, decimal) are numeric cells; a <see cref="Percent"/> is a fraction shown as 0.0%; a DateOnly is a
/// date cell (yyyy-mm-dd).
/// </summary>
public static class XlsxWriter
{
    public static string EscapeFormula(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
    }

    /// <summary>A fraction (0.997) written as a number formatted 0.0% (99.7%).</summary>
    public readonly record struct Percent(double Fraction);

    /// <summary>Rows hold strings, numbers or <see cref="Percent"/>s.</summary>
    public sealed record Sheet(string Name, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<object?>> Rows, IReadOnlyList<double>? ColumnWidths = null)
    {
        /// <summary>Columns (0-based) formatted as text (@), the whole column: what is typed there stays as typed.</summary>
        public IReadOnlyList<int> TextColumns { get; init; } = [];
        /// <summary>Freeze the title and header rows, and this many columns on the left.</summary>
        public bool FreezeHeader { get; init; }
        public int FreezeColumns { get; init; }
        /// <summary>Printable: landscape A4, fit to width, thin borders on header and data, title and header rows on every page.</summary>
        public bool Printable { get; init; }
        /// <summary>Lines above the header (an instructions line), each in the first cell.</summary>
        public IReadOnlyList<string> TitleRows { get; init; } = [];
        /// <summary>Drop-down lists: the column (0-based) of the data rows and the range holding the choices.</summary>
        public IReadOnlyList<ListValidation> ListValidations { get; init; } = [];
        public bool Hidden { get; init; }
        public bool NoHeader { get; init; }
    }

    /// <summary>A drop-down: the choices are a range ("选项!$A$1:$A$9") or a literal list (<see cref="Choices"/>).</summary>
    public sealed record ListValidation(int Column, string SourceRange)
    {
        public static ListValidation Choices(int column, params string[] choices) => new(column, "\"" + string.Join(",", choices) + "\"");
    }

    // Cell formats (index into CellFormats below).
    private const uint Bold = 1, Text = 2, Integer = 3, Pct = 4, HeaderBox = 5, Box = 6, TextBox = 7, IntegerBox = 8, PctBox = 9, Title = 10, Decimal = 11, DecimalBox = 12, Date = 13, DateBox = 14;
    private const uint PercentFormat = 164, DateFormat = 165;

    public static void Write(Stream output, params Sheet[] sheets) => Write(output, escape: true, sheets);

    /// <summary>Tests use escape: false to build hostile input files.</summary>
    public static void Write(Stream output, bool escape, params Sheet[] sheets)
    {
        using var doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var wb = doc.AddWorkbookPart();
        wb.Workbook = new Workbook();
        var styles = wb.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Styles();
        var sheetList = wb.Workbook.AppendChild(new Sheets());
        var printTitles = new List<DefinedName>();
        uint id = 1;
        foreach (var s in sheets)
        {
            var part = wb.AddNewPart<WorksheetPart>();
            var headerRows = (uint)s.TitleRows.Count + (s.NoHeader ? 0u : 1u);
            var textColumns = s.TextColumns.ToHashSet();
            using (var w = OpenXmlWriter.Create(part))
            {
                w.WriteStartElement(new Worksheet());
                if (s.Printable) w.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = true }));
                if ((s.FreezeHeader && headerRows > 0) || s.FreezeColumns > 0)
                {
                    var ySplit = s.FreezeHeader ? headerRows : 0;
                    var pane = new Pane
                    {
                        State = PaneStateValues.Frozen, TopLeftCell = ColumnName(s.FreezeColumns) + (ySplit + 1),
                        ActivePane = ySplit > 0 && s.FreezeColumns > 0 ? PaneValues.BottomRight : ySplit > 0 ? PaneValues.BottomLeft : PaneValues.TopRight,
                    };
                    if (ySplit > 0) pane.VerticalSplit = ySplit;
                    if (s.FreezeColumns > 0) pane.HorizontalSplit = s.FreezeColumns;
                    w.WriteElement(new SheetViews(new SheetView(pane, new Selection { Pane = pane.ActivePane }) { WorkbookViewId = 0 }));
                }
                var widths = s.ColumnWidths ?? [];
                if (widths.Count > 0 || textColumns.Count > 0)
                {
                    w.WriteStartElement(new Columns());
                    var count = Math.Max(widths.Count, textColumns.Count == 0 ? 0 : textColumns.Max() + 1);
                    for (var i = 0; i < count; i++)
                    {
                        var col = new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = i < widths.Count ? widths[i] : 12, CustomWidth = true };
                        if (textColumns.Contains(i)) col.Style = Text;
                        w.WriteElement(col);
                    }
                    w.WriteEndElement();
                }
                w.WriteStartElement(new SheetData());
                uint r = 1;
                foreach (var title in s.TitleRows) WriteRow(w, r++, [title], s.Printable ? Title : Bold, escape, textColumns, boxed: false,
                    height: s.Printable && s.Header.Count > 1 ? TitleHeight(title, widths, s.Header.Count) : null);
                if (!s.NoHeader) WriteRow(w, r++, s.Header, s.Printable ? HeaderBox : Bold, escape, textColumns, boxed: false,
                    height: s.Printable ? HeaderHeight(s.Header, widths) : null);
                var firstData = r;
                foreach (var row in s.Rows) WriteRow(w, r++, row, null, escape, textColumns, s.Printable);
                w.WriteEndElement();
                if (s.Printable && s.TitleRows.Count > 0 && s.Header.Count > 1)
                {
                    w.WriteStartElement(new MergeCells { Count = (uint)s.TitleRows.Count });
                    for (uint t = 1; t <= s.TitleRows.Count; t++)
                        w.WriteElement(new MergeCell { Reference = $"A{t}:{ColumnName(s.Header.Count - 1)}{t}" });
                    w.WriteEndElement();
                }
                if (s.ListValidations.Count > 0)
                {
                    // Room for rows the user adds below the pre-filled ones.
                    var last = Math.Max(r - 1, firstData) + 200;
                    w.WriteStartElement(new DataValidations { Count = (uint)s.ListValidations.Count });
                    foreach (var v in s.ListValidations)
                    {
                        var col = ColumnName(v.Column);
                        var dv = new DataValidation
                        {
                            Type = DataValidationValues.List, AllowBlank = true, ShowErrorMessage = true,
                            ErrorTitle = "请从下拉列表中选择", Error = "请从下拉列表中选择。",
                            SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{col}{firstData}:{col}{last}" },
                        };
                        dv.Append(new Formula1(QuoteSheet(v.SourceRange)));
                        w.WriteElement(dv);
                    }
                    w.WriteEndElement();
                }
                if (s.Printable)
                {
                    w.WriteElement(new PrintOptions { HorizontalCentered = true });
                    w.WriteElement(new PageMargins { Left = 0.4, Right = 0.4, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
                    w.WriteElement(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
                    w.WriteElement(new HeaderFooter(new OddFooter("&C第 &P 页，共 &N 页")));
                }
                w.WriteEndElement();
            }
            if (s.Printable && headerRows > 0)
                printTitles.Add(new DefinedName($"{QuoteName(s.Name)}!$1:${headerRows}") { Name = "_xlnm.Print_Titles", LocalSheetId = id - 1 });
            sheetList.AppendChild(new DocumentFormat.OpenXml.Spreadsheet.Sheet
            {
                Id = wb.GetIdOfPart(part), SheetId = id++, Name = s.Name,
                State = s.Hidden ? SheetStateValues.Hidden : null,
            });
        }
        if (printTitles.Count > 0) wb.Workbook.AppendChild(new DefinedNames(printTitles));
        wb.Workbook.Save();
    }

    private static Stylesheet Styles()
    {
        Border thin() => new(
            new LeftBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin }, new RightBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
            new TopBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin }, new BottomBorder(new Color { Indexed = 64 }) { Style = BorderStyleValues.Thin },
            new DiagonalBorder());
        CellFormat f(uint font, uint numFmt, uint border, bool center = false)
        {
            var cf = new CellFormat { FontId = font, NumberFormatId = numFmt, BorderId = border, FillId = 0, FormatId = 0 };
            if (font != 0) cf.ApplyFont = true;
            if (numFmt != 0) cf.ApplyNumberFormat = true;
            if (border != 0) cf.ApplyBorder = true;
            if (center)
            {
                cf.ApplyAlignment = true;
                cf.Append(new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center, WrapText = true });
            }
            return cf;
        }
        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = PercentFormat, FormatCode = "0.0%" },
                new NumberingFormat { NumberFormatId = DateFormat, FormatCode = "yyyy-mm-dd" }) { Count = 2 },
            new Fonts(new Font(), new Font(new Bold()), new Font(new Bold(), new FontSize { Val = 14 })),
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
            new Borders(new Border(), thin()),
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }),
            new CellFormats(
                f(0, 0, 0),               // 0 default
                f(1, 0, 0),               // 1 bold
                f(0, 49, 0),              // 2 text (@)
                f(0, 1, 0),               // 3 integer (0)
                f(0, PercentFormat, 0),   // 4 percent (0.0%)
                f(1, 0, 1, center: true), // 5 header in a box
                f(0, 0, 1),               // 6 boxed
                f(0, 49, 1),              // 7 text, boxed
                f(0, 1, 1),               // 8 integer, boxed
                f(0, PercentFormat, 1),   // 9 percent, boxed
                f(2, 0, 0, center: true), // 10 title, wrapped across its merged row
                f(0, 2, 0),               // 11 decimal (0.00)
                f(0, 2, 1),               // 12 decimal, boxed
                f(0, DateFormat, 0),      // 13 date (yyyy-mm-dd)
                f(0, DateFormat, 1)),     // 14 date, boxed
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }));
    }

    /// <summary>
    /// The printed header's height in points when a wrapped header cell needs more than one line: LibreOffice and WPS do
    /// not grow a row for wrapped text by themselves, so the lines would print over each other. A full-width character
    /// counts two units of a column's width, a line of the 11 pt font 15 points; null when every cell fits on one line.
    /// </summary>
    public static double? HeaderHeight(IReadOnlyList<string> header, IReadOnlyList<double> widths)
    {
        var lines = 1;
        for (var i = 0; i < header.Count; i++)
            lines = Math.Max(lines, LinesOf(header[i], i < widths.Count ? widths[i] : 12, 1.0));
        return lines == 1 ? null : lines * 15.0;
    }

    /// <summary>
    /// A title row merged across the table: wrapped within it, its height the lines of 14 pt text it takes (a 14 pt
    /// character is 14/11 of the 11 pt unit), 20 points a line. Without it the text runs past the table and a sheet
    /// fitted to the page width shrinks to fit the overflow.
    /// </summary>
    public static double TitleHeight(string title, IReadOnlyList<double> widths, int columns) =>
        LinesOf(title, Enumerable.Range(0, columns).Sum(i => i < widths.Count ? widths[i] : 12), 14.0 / 11) * 20.0;

    private static int LinesOf(string? text, double columnWidth, double scale)
    {
        var width = Math.Max(1, Math.Floor(columnWidth - 1));
        return (text ?? "").Split('\n').Sum(part => Math.Max(1, (int)Math.Ceiling(part.Sum(c => c < 0x2E80 ? 1 : 2) * scale / width)));
    }

    private static void WriteRow(OpenXmlWriter w, uint index, IReadOnlyList<object?> cells, uint? style, bool escape, HashSet<int> textColumns, bool boxed,
        double? height = null)
    {
        w.WriteStartElement(height is { } h ? new Row { RowIndex = index, Height = h, CustomHeight = true } : new Row { RowIndex = index });
        for (var i = 0; i < cells.Count; i++)
        {
            var reference = ColumnName(i) + index;
            Cell cell;
            switch (cells[i])
            {
                case Percent p:
                    cell = Number(reference, p.Fraction, boxed ? PctBox : Pct);
                    break;
                case DateOnly date:
                    cell = Number(reference, date.DayNumber - new DateOnly(1899, 12, 30).DayNumber, boxed ? DateBox : Date);
                    break;
                case int or long or short:
                    cell = Number(reference, Convert.ToDouble(cells[i], System.Globalization.CultureInfo.InvariantCulture), boxed ? IntegerBox : Integer);
                    break;
                case double or decimal or float:
                    var d = Convert.ToDouble(cells[i], System.Globalization.CultureInfo.InvariantCulture);
                    cell = Number(reference, d, d == Math.Floor(d) ? (boxed ? IntegerBox : Integer) : (boxed ? DecimalBox : Decimal));
                    break;
                default:
                    var value = cells[i] as string ?? cells[i]?.ToString();
                    var text = escape ? EscapeFormula(value) : value ?? "";
                    cell = new Cell { CellReference = reference, DataType = CellValues.InlineString };
                    cell.StyleIndex = style ?? (textColumns.Contains(i) ? (boxed ? TextBox : Text) : boxed ? Box : null);
                    cell.AppendChild(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
                    break;
            }
            if (style is { } header && cells[i] is not string) cell.StyleIndex = header;
            w.WriteElement(cell);
        }
        w.WriteEndElement();
    }

    private static Cell Number(string reference, double value, uint style) => new()
    {
        CellReference = reference, StyleIndex = style,
        CellValue = new CellValue(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
    };

    /// <summary>A sheet's name as a formula writes it: quoted, a quote inside doubled.</summary>
    private static string QuoteName(string name) => "'" + name.Replace("'", "''") + "'";

    private static string QuoteSheet(string range)
    {
        var bang = range.IndexOf('!');
        return bang > 0 && range[0] != '\'' ? $"'{range[..bang]}'{range[bang..]}" : range;
    }

    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }
}
