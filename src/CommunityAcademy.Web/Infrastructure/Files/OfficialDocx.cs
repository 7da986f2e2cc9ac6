using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Dw = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using Pic = DocumentFormat.OpenXml.Drawing.Pictures;

namespace CommunityAcademy.Web.Infrastructure.Files;

/// <summary>
/// A Word document in the layout of Chinese official documents (GB/T 9704-2012): A4, top margin 37 mm, binding
/// margin 28 mm, a 156 × 225 mm text block of 22 lines × 28 characters; title in 方正小标宋简体 二号, body in
/// 仿宋_GB2312 三号 with a two-character first-line indent, 一、 headings in 黑体, （一） in 楷体_GB2312, page numbers
/// "— 1 —" in 宋体 四号 at the right on odd pages and the left on even pages. The result is an ordinary editable
/// .docx: the organizer can still change it in Word, WPS or LibreOffice. The notice and the bulletin are built with it.
/// </summary>
public sealed class OfficialDocx
{
    public const string TitleFont = "方正小标宋简体", BodyFont = "仿宋_GB2312", HeadingFont = "黑体", SubheadingFont = "楷体_GB2312", PageNumberFont = "宋体";
    public const int TitleSize = 44, BodySize = 32, PageNumberSize = 28, TableSize = 28; // half-points: 22, 16, 14 pt

    // Twips (1/1440 inch; 1 mm = 56.7 twips).
    public const int PageWidth = 11906, PageHeight = 16838;
    public const int MarginTop = 2098, MarginBottom = 1984, MarginLeft = 1587, MarginRight = 1474; // 37, 35, 28, 26 mm
    public const int LinePitch = 579; // 225 mm / 22 lines
    /// <summary>The text block: 210 − 28 − 26 = 156 mm. No table is wider.</summary>
    public const int TextWidth = PageWidth - MarginLeft - MarginRight;

    private readonly List<OpenXmlElement> _body = [];
    private readonly List<(string RelId, byte[] Bytes, bool Png)> _images = [];
    private string? _title, _creator;

    /// <summary>The file's properties: the title (core title) and the issuing office (core creator and extended company).</summary>
    public OfficialDocx Properties(string title, string? creator)
    {
        _title = title;
        _creator = string.IsNullOrWhiteSpace(creator) ? null : creator;
        return this;
    }

    /// <summary>
    /// The fonts the documents use, each with the common font a computer without it should take instead (w:altName): the
    /// GB2312 fonts and 方正小标宋简体 are missing on many office computers.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string? AltName)> UsedFonts =
        [(TitleFont, "宋体"), (BodyFont, "仿宋"), (SubheadingFont, "楷体"), (HeadingFont, null), (PageNumberFont, null)];

    public OfficialDocx Title(string text)
    {
        // A 2号 title is larger than the body's character grid (15.8 pt a cell): snapped to it, each character would take two
        // cells and a line broken deliberately (TitleLines) would wrap again. The title keeps its own width.
        var p = KeepNext(Para(text, TitleFont, TitleSize, JustificationValues.Center, firstLineChars: 0, exactLine: 700));
        p.ParagraphProperties!.SnapToGrid = new SnapToGrid { Val = false };
        _body.Add(p);
        return this;
    }

    public OfficialDocx Blank()
    {
        _body.Add(Para("", BodyFont, BodySize, JustificationValues.Both, 0));
        return this;
    }

    public OfficialDocx Body(string text, bool indent = true)
    {
        _body.Add(Para(text, BodyFont, BodySize, JustificationValues.Both, indent ? 200 : 0));
        return this;
    }

    /// <summary>一、 level: 黑体.</summary>
    public OfficialDocx Heading1(string text)
    {
        _body.Add(KeepNext(Para(text, HeadingFont, BodySize, JustificationValues.Both, 200)));
        return this;
    }

    /// <summary>（一） level: the label in 楷体, the text after it (if any) in 仿宋.</summary>
    public OfficialDocx Heading2(string label, string text = "")
    {
        var p = Para(label, SubheadingFont, BodySize, JustificationValues.Both, 200);
        if (text.Length > 0) p.Append(TextRun(text, BodyFont, BodySize));
        else KeepNext(p); // a label on its own line stays with its text
        _body.Add(p);
        return this;
    }

    /// <summary>"附件：1.培训对象" with the next ones aligned under the first.</summary>
    public OfficialDocx AttachmentsNote(IReadOnlyList<string> titles)
    {
        Blank();
        for (var i = 0; i < titles.Count; i++)
        {
            var text = (i == 0 ? "附件：" : "") + $"{i + 1}.{titles[i]}";
            // "附件：" is three characters wide: later lines start under the "1".
            var p = Para(text, BodyFont, BodySize, JustificationValues.Left, i == 0 ? 200 : 0);
            if (i > 0) p.ParagraphProperties!.Indentation = new Indentation { LeftChars = 500, Left = Twips(500, BodySize).ToString() };
            _body.Add(p);
        }
        return this;
    }

    /// <summary>Issuer and date at the right; the date four characters from the right edge, the issuer centred over it.</summary>
    public OfficialDocx Signature(string issuer, DateOnly date)
    {
        var dateText = $"{date.Year}年{date.Month}月{date.Day}日";
        // Width in characters: CJK characters count one, digits half.
        static double width(string s) => s.Sum(ch => ch < 128 ? 0.5 : 1.0);
        var issuerRight = 400 + (int)Math.Round((width(dateText) - width(issuer)) / 2 * 100);
        Blank();
        Blank();
        var p1 = Para(issuer, BodyFont, BodySize, JustificationValues.Right, 0);
        p1.ParagraphProperties!.Indentation = new Indentation { RightChars = Math.Max(issuerRight, 0), Right = Twips(Math.Max(issuerRight, 0), BodySize).ToString() };
        var p2 = Para(dateText, BodyFont, BodySize, JustificationValues.Right, 0);
        p2.ParagraphProperties!.Indentation = new Indentation { RightChars = 400, Right = Twips(400, BodySize).ToString() };
        _body.Add(p1);
        _body.Add(p2);
        return this;
    }

    /// <summary>A new page with "附件N" in 3号黑体 at the top left and its title centred.</summary>
    public OfficialDocx Attachment(int number, string title)
    {
        var br = new Paragraph(new Run(new Break { Type = BreakValues.Page }));
        _body.Add(br);
        _body.Add(KeepNext(Para($"附件{number}", HeadingFont, BodySize, JustificationValues.Left, 0)));
        Blank();
        Title(title);
        Blank();
        return this;
    }

    /// <summary>A bordered table; the first row is the header. <paramref name="mergeFirstColumn"/> merges equal cells down the first column (the day of a timetable).</summary>
    public OfficialDocx Table(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<int> widthsTwips, bool mergeFirstColumn = false)
    {
        // in the schema's order: top, left, bottom, right, insideH, insideV
        var border = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        if (widthsTwips.Sum() > TextWidth)
            throw new ArgumentException($"A table of {widthsTwips.Sum()} twips is wider than the text block ({TextWidth}).", nameof(widthsTwips));
        // in the schema's order: tblW, jc, tblBorders, tblLayout
        var table = new Table(new TableProperties(new TableWidth { Width = widthsTwips.Sum().ToString(), Type = TableWidthUnitValues.Dxa },
            new TableJustification { Val = TableRowAlignmentValues.Center }, border, new TableLayout { Type = TableLayoutValues.Fixed }));
        table.Append(new TableGrid(widthsTwips.Select(w => new GridColumn { Width = w.ToString() })));
        var head = Row(header, widthsTwips, bold: true, merge: null);
        head.TableRowProperties!.Append(new TableHeader()); // repeated at the top of every page the table runs onto
        table.Append(head);
        string? previous = null;
        foreach (var r in rows)
        {
            MergedCellValues? merge = null;
            if (mergeFirstColumn)
            {
                merge = r[0] == previous ? MergedCellValues.Continue : MergedCellValues.Restart;
                previous = r[0];
            }
            table.Append(Row(r, widthsTwips, bold: false, merge));
        }
        _body.Add(table);
        return this;
    }

    private static TableRow Row(IReadOnlyList<string> cells, IReadOnlyList<int> widths, bool bold, MergedCellValues? merge)
    {
        var row = new TableRow(new TableRowProperties(new TableRowHeight { Val = 567, HeightType = HeightRuleValues.AtLeast }));
        for (var i = 0; i < cells.Count; i++)
        {
            // in the schema's order: tcW, vMerge, vAlign
            var props = new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(), Type = TableWidthUnitValues.Dxa });
            if (i == 0 && merge is { } m) props.Append(new VerticalMerge { Val = m });
            props.Append(new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center });
            var text = i == 0 && merge == MergedCellValues.Continue ? "" : cells[i];
            var p = Para(text, bold ? HeadingFont : BodyFont, TableSize, JustificationValues.Center, 0, exactLine: null);
            row.Append(new TableCell(props, p));
        }
        return row;
    }

    private static Run TextRun(string text, string font, int size) =>
        new(new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font }, new FontSize { Val = size.ToString() },
            new FontSizeComplexScript { Val = size.ToString() }),
            new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    /// <summary>
    /// An indent in hundredths of a character as twips at a font size in half-points, written beside the *Chars value as Word
    /// itself does: LibreOffice and some WPS versions ignore the character units. 200 at 三号 (16 pt) = 640 twips.
    /// </summary>
    public static int Twips(int hundredthsOfAChar, int halfPoints) => hundredthsOfAChar * halfPoints / 10;

    /// <summary>
    /// A photo (JPEG or PNG) centred, scaled to the text width (and to at most 80% of the text block's height), in a
    /// paragraph of its own off the line grid so the exact line pitch does not crop it.
    /// </summary>
    public OfficialDocx Image(byte[] bytes, bool png, int widthPx, int heightPx, string name)
    {
        var n = _images.Count + 1;
        var relId = $"rIdImg{n}";
        _images.Add((relId, bytes, png));
        const long emuPerTwip = 635;
        long cx = TextWidth * emuPerTwip, cy = cx * Math.Max(1, heightPx) / Math.Max(1, widthPx);
        var maxCy = (PageHeight - MarginTop - MarginBottom) * emuPerTwip * 8 / 10;
        if (cy > maxCy) { cx = cx * maxCy / cy; cy = maxCy; }
        var graphic = new DocumentFormat.OpenXml.Drawing.Graphic(new DocumentFormat.OpenXml.Drawing.GraphicData(
            new Pic.Picture(
                new Pic.NonVisualPictureProperties(new Pic.NonVisualDrawingProperties { Id = 0U, Name = name }, new Pic.NonVisualPictureDrawingProperties()),
                new Pic.BlipFill(new DocumentFormat.OpenXml.Drawing.Blip { Embed = relId },
                    new DocumentFormat.OpenXml.Drawing.Stretch(new DocumentFormat.OpenXml.Drawing.FillRectangle())),
                new Pic.ShapeProperties(
                    new DocumentFormat.OpenXml.Drawing.Transform2D(new DocumentFormat.OpenXml.Drawing.Offset { X = 0, Y = 0 },
                        new DocumentFormat.OpenXml.Drawing.Extents { Cx = cx, Cy = cy }),
                    new DocumentFormat.OpenXml.Drawing.PresetGeometry(new DocumentFormat.OpenXml.Drawing.AdjustValueList())
                        { Preset = DocumentFormat.OpenXml.Drawing.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" });
        var inline = new Dw.Inline(
            new Dw.Extent { Cx = cx, Cy = cy },
            new Dw.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
            new Dw.DocProperties { Id = (uint)n, Name = name },
            new Dw.NonVisualGraphicFrameDrawingProperties(new DocumentFormat.OpenXml.Drawing.GraphicFrameLocks { NoChangeAspect = true }),
            graphic)
            { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U };
        var pp = new ParagraphProperties(new SnapToGrid { Val = false },
            new SpacingBetweenLines { Before = "0", After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto },
            new Justification { Val = JustificationValues.Center });
        _body.Add(new Paragraph(pp, new Run(new Drawing(inline))));
        return this;
    }

    /// <summary>Keep with next (w:keepNext): a heading never ends a page.</summary>
    private static Paragraph KeepNext(Paragraph p)
    {
        p.ParagraphProperties!.KeepNext = new KeepNext();
        return p;
    }

    private static Paragraph Para(string text, string font, int size, JustificationValues align, int firstLineChars, int? exactLine = LinePitch)
    {
        var pp = new ParagraphProperties(new Justification { Val = align });
        pp.SpacingBetweenLines = exactLine is { } l
            ? new SpacingBetweenLines { Line = l.ToString(), LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" }
            : new SpacingBetweenLines { Before = "0", After = "0" };
        if (firstLineChars > 0) pp.Indentation = new Indentation { FirstLineChars = firstLineChars, FirstLine = Twips(firstLineChars, size).ToString() };
        var p = new Paragraph(pp);
        if (text.Length > 0) p.Append(TextRun(text, font, size));
        return p;
    }

    public byte[] ToBytes()
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = BodyFont, HighAnsi = BodyFont, EastAsia = BodyFont, ComplexScript = BodyFont },
                    new FontSize { Val = BodySize.ToString() }, new Languages { Val = "en-US", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "0", Line = LinePitch.ToString(), LineRule = LineSpacingRuleValues.Exact }))));
            var fonts = main.AddNewPart<FontTablePart>();
            fonts.Fonts = new Fonts(UsedFonts.Select(f =>
            {
                var font = new Font { Name = f.Name };
                if (f.AltName is { } alt) font.Append(new AltName { Val = alt });
                font.Append(new FontCharSet { Val = "86" }, new FontFamily { Val = FontFamilyValues.Auto });
                return font;
            }));
            if (_title is not null) doc.PackageProperties.Title = _title;
            if (_creator is not null)
            {
                doc.PackageProperties.Creator = _creator;
                var app = doc.AddExtendedFilePropertiesPart();
                app.Properties = new DocumentFormat.OpenXml.ExtendedProperties.Properties(new DocumentFormat.OpenXml.ExtendedProperties.Company(_creator));
            }
            var settings = main.AddNewPart<DocumentSettingsPart>();
            settings.Settings = new Settings(new EvenAndOddHeaders());

            var odd = main.AddNewPart<FooterPart>();
            odd.Footer = PageNumberFooter(JustificationValues.Right);
            var even = main.AddNewPart<FooterPart>();
            even.Footer = PageNumberFooter(JustificationValues.Left);

            var section = new SectionProperties(
                new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(odd) },
                new FooterReference { Type = HeaderFooterValues.Even, Id = main.GetIdOfPart(even) },
                new PageSize { Width = (UInt32Value)(uint)PageWidth, Height = (UInt32Value)(uint)PageHeight },
                new PageMargin { Top = MarginTop, Bottom = MarginBottom, Left = (UInt32Value)(uint)MarginLeft, Right = (UInt32Value)(uint)MarginRight,
                    Header = 851, Footer = 1304, Gutter = 0 },
                // 22 lines of 28 characters: the character pitch is 156 mm / 28 against 16 pt.
                new DocGrid { Type = DocGridValues.LinesAndChars, LinePitch = LinePitch, CharacterSpace = -848 });
            foreach (var (relId, bytes, png) in _images)
            {
                var part = main.AddImagePart(png ? ImagePartType.Png : ImagePartType.Jpeg, relId);
                using var data = new MemoryStream(bytes, false);
                part.FeedData(data);
            }
            main.Document = new Document(new Body(_body.Select(e => e.CloneNode(true)).Append(section)));
            main.Document.Save();
        }
        return ms.ToArray();
    }

    /// <summary>"— 1 —" in 宋体 四号, one character in from the outer edge.</summary>
    private static Footer PageNumberFooter(JustificationValues side)
    {
        var pp = new ParagraphProperties(new Justification { Val = side });
        pp.Indentation = side == JustificationValues.Right
            ? new Indentation { RightChars = 100, Right = Twips(100, PageNumberSize).ToString() }
            : new Indentation { LeftChars = 100, Left = Twips(100, PageNumberSize).ToString() };
        RunProperties rp() => new(new RunFonts { Ascii = PageNumberFont, HighAnsi = PageNumberFont, EastAsia = PageNumberFont },
            new FontSize { Val = PageNumberSize.ToString() });
        return new Footer(new Paragraph(pp,
            new Run(rp(), new Text("— ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(rp(), new FieldChar { FieldCharType = FieldCharValues.Begin }),
            new Run(rp(), new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }),
            new Run(rp(), new FieldChar { FieldCharType = FieldCharValues.Separate }),
            new Run(rp(), new Text("1")),
            new Run(rp(), new FieldChar { FieldCharType = FieldCharValues.End }),
            new Run(rp(), new Text(" —") { Space = SpaceProcessingModeValues.Preserve })));
    }

    /// <summary>The plain text of a .docx, a paragraph per line (tests and previews read documents back with it).</summary>
    public static string ReadText(Stream docx)
    {
        using var doc = WordprocessingDocument.Open(docx, false);
        var body = doc.MainDocumentPart!.Document.Body!;
        return string.Join("\n", body.Descendants<Paragraph>().Select(p => string.Concat(p.Descendants<Text>().Select(t => t.Text))));
    }
}
