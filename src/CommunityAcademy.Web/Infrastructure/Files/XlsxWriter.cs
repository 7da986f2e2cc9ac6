using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CommunityAcademy.Web.Infrastructure.Files;

/// <summary>
/// Writes simple .xlsx sheets (text cells, a bold header row). Every cell is text: a phone number stays
/// a phone number, and a value that begins with = + - @ is prefixed with an apostrophe so that no
/// spreadsheet program runs it as a formula (CSV/formula injection).
/// </summary>
public static class XlsxWriter
{
    public static string EscapeFormula(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
    }

    public sealed record Sheet(string Name, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<string?>> Rows, IReadOnlyList<double>? ColumnWidths = null)
    {
        /// <summary>Lines above the header (an instructions line), each in the first cell.</summary>
        public IReadOnlyList<string> TitleRows { get; init; } = [];
        /// <summary>Drop-down lists: the column (0-based) of the data rows and the range holding the choices.</summary>
        public IReadOnlyList<ListValidation> ListValidations { get; init; } = [];
        public bool Hidden { get; init; }
        public bool NoHeader { get; init; }
    }

    public sealed record ListValidation(int Column, string SourceRange);

    public static void Write(Stream output, params Sheet[] sheets) => Write(output, escape: true, sheets);

    /// <summary>Tests use escape: false to build hostile input files.</summary>
    public static void Write(Stream output, bool escape, params Sheet[] sheets)
    {
        using var doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var wb = doc.AddWorkbookPart();
        wb.Workbook = new Workbook();
        var styles = wb.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font(), new Font(new Bold())),
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
            new Borders(new Border()),
            new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }));
        var sheetList = wb.Workbook.AppendChild(new Sheets());
        uint id = 1;
        foreach (var s in sheets)
        {
            var part = wb.AddNewPart<WorksheetPart>();
            using (var w = OpenXmlWriter.Create(part))
            {
                w.WriteStartElement(new Worksheet());
                if (s.ColumnWidths is { Count: > 0 } widths)
                {
                    w.WriteStartElement(new Columns());
                    for (var i = 0; i < widths.Count; i++)
                        w.WriteElement(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = widths[i], CustomWidth = true });
                    w.WriteEndElement();
                }
                w.WriteStartElement(new SheetData());
                uint r = 1;
                foreach (var title in s.TitleRows) WriteRow(w, r++, [title], bold: true, escape);
                if (!s.NoHeader) WriteRow(w, r++, s.Header, bold: true, escape);
                var firstData = r;
                foreach (var row in s.Rows) WriteRow(w, r++, row, bold: false, escape);
                w.WriteEndElement();
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
                w.WriteEndElement();
            }
            sheetList.AppendChild(new DocumentFormat.OpenXml.Spreadsheet.Sheet
            {
                Id = wb.GetIdOfPart(part), SheetId = id++, Name = s.Name,
                State = s.Hidden ? SheetStateValues.Hidden : null,
            });
        }
        wb.Workbook.Save();
    }

    private static void WriteRow(OpenXmlWriter w, uint index, IReadOnlyList<string?> cells, bool bold, bool escape)
    {
        w.WriteStartElement(new Row { RowIndex = index });
        for (var i = 0; i < cells.Count; i++)
        {
            var text = escape ? EscapeFormula(cells[i]) : cells[i] ?? "";
            var cell = new Cell { CellReference = ColumnName(i) + index, DataType = CellValues.InlineString };
            if (bold) cell.StyleIndex = 1;
            cell.AppendChild(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            w.WriteElement(cell);
        }
        w.WriteEndElement();
    }

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
