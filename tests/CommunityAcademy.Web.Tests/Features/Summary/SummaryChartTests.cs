using System.Text;
using CommunityAcademy.Web.Features.Summary;
using SkiaSharp;

namespace CommunityAcademy.Web.Tests.Features.Summary;

/// <summary>The survey charts of 培训总结 are PNGs drawn with the app's own font; no label is drawn as empty boxes (tofu).</summary>
public sealed class SummaryChartTests
{
    [Fact]
    public void The_app_font_holds_every_GB2312_character()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb = Encoding.GetEncoding("GB2312");
        var missing = new List<string>();
        for (var hi = 0xB0; hi <= 0xF7; hi++)
            for (var lo = 0xA1; lo <= 0xFE; lo++)
            {
                var s = gb.GetString([(byte)hi, (byte)lo]);
                if (s.Length == 1 && s[0] != '\uFFFD' && s != "?" && !char.IsBetween(s[0], '\uE000', '\uF8FF') && // unassigned codes decode to the private use area
                     !SummaryChart.OwnFontHolds(s)) missing.Add(s);
            }
        Assert.Empty(missing);
        Assert.True(SummaryChart.OwnFontHolds("满意度：非常满意、比较满意（１—５分）"));
    }

    [Fact]
    public void A_character_outside_the_font_is_drawn_by_another_font_or_as_a_question_mark_never_as_a_box()
    {
        const string label = "𠀀𪚥 社区😀";
        foreach (var (text, face) in SummaryChart.Runs(label))
            foreach (var r in text.EnumerateRunes())
                Assert.True(face.ContainsGlyph(r.Value), $"U+{r.Value:X} drawn with {face.FamilyName}, which lacks it");
        Assert.Contains(SummaryChart.Runs(label), r => r.Text.Contains("社区"));
    }

    [Fact]
    public void A_chart_is_a_png_as_tall_as_its_bars()
    {
        var (png, w, h) = SummaryChart.Bars("您对本期培训的总体评价", ["非常满意", "比较满意", "一般", "不满意"], [30, 12, 2, 0]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(SummaryChart.Width, w);
        Assert.Equal((w, h), (bitmap.Width, bitmap.Height));
        var (_, _, h2) = SummaryChart.Bars("您对本期培训的总体评价", ["非常满意", "比较满意"], [30, 12]);
        Assert.True(h2 < h);
        Assert.Equal("71.4%", SummaryChart.Share(30, 42));
    }
}
