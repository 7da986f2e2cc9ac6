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
