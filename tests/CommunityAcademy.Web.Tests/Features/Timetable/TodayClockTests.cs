using System.Globalization;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Timetable;

/// <summary>
/// "Today" by the real clock, without ?date: a class is placed in a zone where it is now between 02:00 and
/// 20:00 (Shanghai and New York between them cover every hour), with one session running and one later today.
/// The page must pick that zone's date, not the server's, and mark which session is on.
/// </summary>
public abstract class TodayClockTests(TestApp app)
{
    [Fact]
    public async Task Today_is_the_day_in_the_class_zone_and_the_running_session_is_marked()
    {
        app.Clock.Reset();
        var now = app.Clock.GetUtcNow();
        var (zone, local) = new[] { "Asia/Shanghai", "America/New_York", "Europe/Berlin" }
            .Select(z => (z, TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(z))))
            .First(x => x.Item2.Hour is >= 2 and < 20);
        var today = DateOnly.FromDateTime(local.DateTime);
        string hhmm(DateTimeOffset t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
        var d = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "今天的班", today.AddDays(-1).ToString("yyyy-MM-dd"), today.AddDays(1).ToString("yyyy-MM-dd"), zone: zone);
        await AddOkAsync(c, cohort, new { date = d, start = hhmm(local.AddHours(-1)), end = hhmm(local.AddHours(1)), title = "正在上的课", type = "lecture" });
        await AddOkAsync(c, cohort, new { date = d, start = hhmm(local.AddHours(2)), end = hhmm(local.AddHours(3)), title = "稍后的课", type = "lecture" });
        await AddOkAsync(c, cohort, new { date = today.AddDays(1).ToString("yyyy-MM-dd"), start = "09:00", end = "10:00", title = "明天的课", type = "lecture" });
        await EnrollAsync(app, cohort, "t060");

        var html = await (await app.Browser("t060")).GetStringAsync("/Timetable/Today");
        Assert.Contains(d, html);
        Assert.Contains("第二天", html);
        Assert.DoesNotContain("明天的课", html);
        var states = System.Text.RegularExpressions.Regex.Matches(html, "<li class=\"(now|later|done)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["now", "later"], states);
        Assert.Contains("进行中", html);

        var api = await (await (await app.Api("t060")).GetAsync("/api/v1/timetable/today")).ReadArrayAsync();
        var day = Assert.Single(api, x => x.Value<long>("cohortId") == cohort);
        Assert.Equal(d, day.Value<string>("date"));
        Assert.Equal(["正在上的课", "稍后的课"], day!["sessions"]!.AsArray().Select(s => s.Value<string>("title")));
    }
}

public sealed class TodayClockTests_Sqlite(SqliteDemo app) : TodayClockTests(app), IClassFixture<SqliteDemo>;
public sealed class TodayClockTests_Postgres(PostgresDemo app) : TodayClockTests(app), IClassFixture<PostgresDemo>;
