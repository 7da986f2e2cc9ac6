using System.Net;
using CommunityAcademy.Web.Features.Certificates;
using CommunityAcademy.Web.Features.Demo;
using CommunityAcademy.Web.Features.Online;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Reviews.ReviewKit;

namespace CommunityAcademy.Web.Tests.Features.Certificates;

/// <summary>
/// The certificate rule "online items completed" (#22 point 1) on seed 004's class, whose trainees completed only half
/// the case pushes: set on the certificates page (every item, then a share), those short of it are not eligible with the
/// figures in words, the others are; a share out of range is refused with the reason and nothing changes.
/// </summary>
public abstract class OnlineCertificateTests(TestApp app)
{
    private Task<long> ClassAsync() => ScalarAsync(app, "SELECT id FROM cohorts WHERE title = @t", new { t = Seed004.Title });

    [Fact]
    public async Task Trainees_short_of_the_online_items_are_not_eligible_with_the_reason()
    {
        var cohort = await ClassAsync();
        OnlineProgress p;
        await using (var c = await app.Get<Db>().OpenAsync()) p = await OnlineStore.ProgressAsync(c, cohort);
        var items = p.Items.Count;
        var done = p.Trainees.ToDictionary(t => t.EnrollmentId, t => p.Items.Count(i => p.Of(i.SessionId, t.EnrollmentId).Completed));
        Assert.Contains(done.Values, n => n < items); // seed 004: some have not completed the case pushes

        var org = await app.Browser(Seed004.Organizer);
        var r = await TestApp.PostFormAsync(org, $"/Certificates/{cohort}", new() { ["MinAttendance"] = "", ["MinScore"] = "", ["MinOnline"] = "100" }, "Rule");
        Assert.True(r.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        var (settings, lines) = await app.Get<CertificateStore>().JudgeAsync(cohort);
        Assert.Equal(100, settings.Rule.MinOnlinePercent);
        Assert.Equal(done.Count, lines.Count);
        foreach (var line in lines)
        {
            var n = done[line.Judgement.Candidate.EnrollmentId];
            if (n == items) Assert.True(line.Judgement.Eligible, line.Judgement.Candidate.Name);
            else
            {
                var why = Assert.Single(line.Judgement.Reasons);
                Assert.Equal("Certificate.Why.Online", why.Code);
                Assert.Equal([n, items, Math.Round((decimal)n / items * 100m, 2, MidpointRounding.AwayFromZero).ToString("0.##"), 100], why.Args);
            }
        }
        var shortOne = lines.First(l => !l.Judgement.Eligible);
        var k = done[shortOne.Judgement.Candidate.EnrollmentId];
        var html = await org.GetStringAsync($"/Certificates/{cohort}");
        Assert.Contains($"线上学习完成 {k}/{items} 项", html);
        Assert.Matches("name=\"MinOnline\" value=\"100\"", html);

        // a share: the least any trainee completed (rounded down to a whole percent) is enough for everyone
        var least = done.Values.Min();
        var percent = (int)Math.Floor((decimal)least / items * 100m);
        await TestApp.PostFormAsync(org, $"/Certificates/{cohort}", new() { ["MinOnline"] = percent.ToString() }, "Rule");
        Assert.All((await app.Get<CertificateStore>().JudgeAsync(cohort)).Lines, l => Assert.True(l.Judgement.Eligible));

        // out of range: refused with the reason, the rule unchanged
        var bad = await TestApp.PostFormAsync(org, $"/Certificates/{cohort}", new() { ["MinOnline"] = "0" }, "Rule");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("线上学习完成比例须在 1–100 之间（0）", await bad.Content.ReadAsStringAsync());
        Assert.Equal(percent, (await app.Get<CertificateStore>().SettingsAsync(cohort)).Rule.MinOnlinePercent);
    }
}

public sealed class OnlineCertificateTests_Sqlite(SqliteDemo app) : OnlineCertificateTests(app), IClassFixture<SqliteDemo>;
public sealed class OnlineCertificateTests_Postgres(PostgresDemo app) : OnlineCertificateTests(app), IClassFixture<PostgresDemo>;
