using CommunityAcademy.Domain.Certificates;
using CommunityAcademy.Web.Features.Certificates;
using CommunityAcademy.Web.Features.Scores;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;
using SkiaSharp;

namespace CommunityAcademy.Web.Features.Demo;

/// <summary>
/// 结业证书 in the demo (#22 point 7), through the certificate store. Seed 000's finished class: a certificate for
/// attendance of at least 80% and no 擅自离开, its serial in the bureau's format 鄂民培〔2023〕第{0000}号, dated the last
/// day — t003, who left at 15:30 on the last afternoon, gets none and the class page says why. Seed 004: its organizer
/// confirms the 优秀学员 list its rule chooses (<see cref="Seed004Outstanding"/>) and issues the 优秀学员证书 — the
/// certificate's own kind (<see cref="CertificateKinds.Outstanding"/>, its own template, seal and serials) — to that
/// list through <see cref="CertificateStore.IssueOutstandingAsync"/>; the class's 结业证书 keeps its rule and is not
/// issued in the demo. Seed 004's seal is a sample drawn here and says so (演示用章): no real office's seal is imitated.
/// (Seed 000 has none: its class holds no files, which the attachment quota's test relies on.)
/// </summary>
public static class SeedCertificates
{
    public const string Seed000Title = "鄂州市城乡社区工作者场景塑造实务能力培训第二期";
    public static readonly CertificateRule Seed000Rule = new(MinAttendancePercent: 80, NoDepartures: true, TasksAccepted: false, MinScore: null);
    public const string Seed000Serial = "鄂民培〔2023〕第{0000}号";
    public const string Seed004Serial = "桂城优〔{年}〕第{000}号";

    public static async Task SeedAsync(Db db, CertificateStore certificates, OutstandingStore outstanding)
    {
        await using var c = await db.OpenAsync();
        async Task<(long Cohort, Infrastructure.Security.CurrentUser Organizer)?> ClassAsync(string title, string organizer)
        {
            if (await c.ExecuteScalarAsync<long?>("SELECT id FROM cohorts WHERE title = @title", new { title }) is not { } id) return null;
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM certificate_settings WHERE cohort_id = @id", new { id }) > 0) return null;
            var (uid, name, unit) = await c.QuerySingleAsync<(long, string, long?)>("SELECT id, display_name, unit_id FROM users WHERE username = @u", new { u = organizer });
            return (id, new Infrastructure.Security.CurrentUser(uid, organizer, name, new HashSet<string> { Domain.Accounts.Role.Organizer }, unit));
        }
        static void Check(Domain.Error? e, string what) { if (e is not null) throw new InvalidOperationException($"certificates demo, {what}: {e}"); }

        if (await ClassAsync(Seed000Title, "organizer") is { } s0)
        {
            var end = await c.ExecuteScalarAsync<DateOnly>("SELECT end_date FROM cohorts WHERE id = @id", new { id = s0.Cohort });
            var settings = await certificates.SettingsAsync(s0.Cohort);
            Check(await certificates.SaveRuleAsync(s0.Organizer, s0.Cohort, Seed000Rule), "seed 000 rule");
            Check(await certificates.SaveTemplateAsync(s0.Organizer, s0.Cohort, settings.Template with
            {
                IssueDate = end, SerialFormat = Seed000Serial,
                Body = "{姓名}同志：\n于{开始日期}至{结束日期}参加{班级}，完成集中培训{学时}学时，经考核合格，准予结业。\n特发此证。",
            }), "seed 000 template");
            var issued = await certificates.IssueAsync(s0.Organizer, s0.Cohort);
            Check(issued.Error, "seed 000 issue");
        }
        if (await ClassAsync(Seed004.Title, Seed004.Organizer) is { } s4)
        {
            Check(await certificates.SaveRuleAsync(s4.Organizer, s4.Cohort, new CertificateRule(null, true, false, null)), "seed 004 rule");
            const string kind = CertificateKinds.Outstanding;
            var settings = await certificates.SettingsAsync(s4.Cohort, kind);
            Check(await certificates.SaveTemplateAsync(s4.Organizer, s4.Cohort, settings.Template with
            {
                Title = "优秀学员证书", SerialFormat = Seed004Serial, Orientation = PageOrientation.Portrait,
                Body = "{姓名}同志：\n在{班级}（{开始日期}至{结束日期}）中认真完成实践任务，表现突出，被评为优秀学员。\n特发此证，以资鼓励。",
            }, kind), "seed 004 template");
            if (await certificates.SaveSealAsync(s4.Organizer, s4.Cohort, SampleSeal(), "演示用章.png", kind) is { } bad) throw new InvalidOperationException(bad);
            // the list as the rule chooses it, confirmed by the organizer, then the 优秀学员证书 to the confirmed list
            if (await certificates.ConfirmedOutstandingAsync(s4.Cohort) is null) Check((await outstanding.ConfirmAsync(s4.Organizer, s4.Cohort)).Error, "seed 004 outstanding list");
            Check((await certificates.IssueOutstandingAsync(s4.Organizer, s4.Cohort)).Error, "seed 004 issue");
        }
    }

    /// <summary>A round red sample seal with 演示用章 across it, as PNG.</summary>
    public static byte[] SampleSeal()
    {
        const int size = 360;
        using var bmp = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bmp))
        {
            canvas.Clear(SKColors.Transparent);
            var red = new SKColor(0xD0, 0x20, 0x20, 0xD8);
            using var ring = new SKPaint { Color = red, Style = SKPaintStyle.Stroke, StrokeWidth = 14, IsAntialias = true };
            canvas.DrawCircle(size / 2f, size / 2f, size / 2f - 12, ring);
            using var fill = new SKPaint { Color = red, IsAntialias = true };
            using var star = new SKPath();
            for (var i = 0; i < 10; i++)
            {
                var r = i % 2 == 0 ? 60f : 24f;
                var a = -Math.PI / 2 + i * Math.PI / 5;
                var (x, y) = (size / 2f + r * (float)Math.Cos(a), size / 2f - 30 + r * (float)Math.Sin(a));
                if (i == 0) star.MoveTo(x, y); else star.LineTo(x, y);
            }
            star.Close();
            canvas.DrawPath(star, fill);
            using var font = new SKFont(CertificatePdf.Typeface, 44);
            canvas.DrawText("演示用章", size / 2f, size / 2f + 80, SKTextAlign.Center, font, fill);
        }
        using var data = bmp.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
