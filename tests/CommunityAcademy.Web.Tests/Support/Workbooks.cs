using CommunityAcademy.Web.Infrastructure.Files;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CommunityAcademy.Web.Tests.Support;

/// <summary>Builds and reads spreadsheets in tests.</summary>
public static class Workbooks
{
    public static byte[] Xlsx(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms, escape: false, new XlsxWriter.Sheet("Sheet1", header, rows));
        return ms.ToArray();
    }

    public static List<SheetRow> Read(byte[] bytes, string name = "x.xlsx") => SpreadsheetReader.Read(new MemoryStream(bytes), name).ToList();

    /// <summary>A workbook whose cell B2 holds a formula with a cached value, as Excel saves it.</summary>
    public static byte[] WithFormula(IReadOnlyList<string> header, IReadOnlyList<string> row, int formulaColumn, string formula, string cached)
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var ws = wb.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            Row make(uint index, IReadOnlyList<string> cells, int? f)
            {
                var r = new Row { RowIndex = index };
                for (var i = 0; i < cells.Count; i++)
                {
                    var cell = new Cell { CellReference = XlsxWriter.ColumnName(i) + index };
                    if (i == f)
                    {
                        cell.DataType = CellValues.String;
                        cell.CellFormula = new CellFormula(formula);
                        cell.CellValue = new CellValue(cached);
                    }
                    else
                    {
                        cell.DataType = CellValues.InlineString;
                        cell.InlineString = new InlineString(new Text(cells[i]));
                    }
                    r.Append(cell);
                }
                return r;
            }
            data.Append(make(1, header, null));
            data.Append(make(2, row, formulaColumn));
            ws.Worksheet = new Worksheet(data);
            wb.Workbook.AppendChild(new Sheets(new Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = "Sheet1" }));
            wb.Workbook.Save();
        }
        return ms.ToArray();
    }
}

/// <summary>The layout of one sheet of a produced workbook, read with the Open XML SDK.</summary>
public sealed class SheetLayout
{
    public required Worksheet Sheet { get; init; }
    public required Stylesheet Styles { get; init; }
    public required string? PrintTitles { get; init; }

    /// <summary>Opens one sheet; the whole workbook must be valid against the Office schema (else Excel offers to "repair" it).</summary>
    public static SheetLayout Open(byte[] bytes, string sheetName)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var invalid = new DocumentFormat.OpenXml.Validation.OpenXmlValidator(FileFormatVersions.Office2010).Validate(doc)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(invalid.Count == 0, string.Join("\n", invalid));
        var wb = doc.WorkbookPart!;
        var sheets = wb.Workbook.Sheets!.Elements<Sheet>().ToList();
        var sheet = sheets.Single(s => s.Name == sheetName);
        var index = sheets.IndexOf(sheet);
        var titles = wb.Workbook.DefinedNames?.Elements<DefinedName>()
            .FirstOrDefault(d => d.Name == "_xlnm.Print_Titles" && d.LocalSheetId?.Value == (uint)index)?.Text;
        return new SheetLayout
        {
            Sheet = (Worksheet)((WorksheetPart)wb.GetPartById(sheet.Id!)).Worksheet.CloneNode(true),
            Styles = (Stylesheet)wb.WorkbookStylesPart!.Stylesheet.CloneNode(true),
            PrintTitles = titles,
        };
    }

    public Pane? Frozen => Sheet.GetFirstChild<SheetViews>()?.Descendants<Pane>().FirstOrDefault(p => p.State?.Value == PaneStateValues.Frozen);

    public bool LandscapeFitToWidth =>
        Sheet.GetFirstChild<PageSetup>() is { } ps && ps.Orientation?.Value == OrientationValues.Landscape && ps.FitToWidth?.Value == 1 && ps.FitToHeight?.Value == 0
        && Sheet.GetFirstChild<SheetProperties>()?.PageSetupProperties?.FitToPage?.Value == true;

    public Cell? Cell(string reference) => Sheet.Descendants<Cell>().FirstOrDefault(c => c.CellReference == reference);

    public string Text(string reference) => Cell(reference) is { } c ? c.InlineString?.InnerText ?? c.CellValue?.Text ?? "" : "";

    /// <summary>The number format code of a style index (built-in 49 is "@", 1 is "0").</summary>
    public string? Format(uint? styleIndex)
    {
        if (styleIndex is not { } i) return null;
        var cf = Styles.CellFormats!.Elements<CellFormat>().ElementAt((int)i);
        var id = cf.NumberFormatId?.Value ?? 0;
        return id switch
        {
            49 => "@", 0 => "General", 1 => "0", 2 => "0.00", 9 => "0%", 10 => "0.00%",
            _ => Styles.NumberingFormats?.Elements<NumberingFormat>().FirstOrDefault(n => n.NumberFormatId?.Value == id)?.FormatCode?.Value,
        };
    }

    public string? ColumnFormat(int column) =>
        Sheet.GetFirstChild<Columns>()?.Elements<Column>().FirstOrDefault(c => c.Min! <= column + 1 && c.Max! >= column + 1) is { } col ? Format(col.Style?.Value) : null;

    public bool HasBorder(string reference) =>
        Cell(reference)?.StyleIndex?.Value is { } i && Styles.CellFormats!.Elements<CellFormat>().ElementAt((int)i).BorderId?.Value is > 0;

    /// <summary>A numeric cell (no type or type n), its value.</summary>
    public double? Number(string reference) =>
        Cell(reference) is { } c && (c.DataType is null || c.DataType.Value == CellValues.Number) && c.CellValue is { } v
            ? double.Parse(v.Text, System.Globalization.CultureInfo.InvariantCulture) : null;
}
