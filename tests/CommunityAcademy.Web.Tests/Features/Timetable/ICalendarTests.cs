using System.Net;
using System.Text;
using CommunityAcademy.Web.Features.Timetable;
using CommunityAcademy.Web.Tests.Support;
using static CommunityAcademy.Web.Tests.Features.Timetable.TimetableKit;

namespace CommunityAcademy.Web.Tests.Features.Timetable;

/// <summary>The .ics export read back by <see cref="IcsReader"/>, which knows nothing of .NET's time zones.</summary>
public abstract class ICalendarTests(TestApp app)
{
    private async Task<(IcsReader Ics, System.Text.Json.Nodes.JsonArray Sessions)> Export(long cohort)
    {
        var c = await app.Api("organizer");
        var text = await c.GetStringAsync($"/api/v1/cohorts/{cohort}/timetable.ics");
        return (IcsReader.Parse(text), (await TimetableAsync(c, cohort))["sessions"]!.AsArray());
    }

    private static void SameInstants(IcsReader ics, System.Text.Json.Nodes.JsonArray sessions)
    {
        Assert.Equal(sessions.Count, ics.Events.Count);
        for (var i = 0; i < sessions.Count; i++)
        {
            Assert.Equal(DateTimeOffset.Parse(sessions[i].Value<string>("startsAt")), ics.Events[i].Start);
            Assert.Equal(DateTimeOffset.Parse(sessions[i].Value<string>("endsAt")), ics.Events[i].End);
        }
    }

    [Fact]
    public async Task A_class_across_the_spring_change_in_berlin()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "柏林交流", "2024-03-29", "2024-04-02", zone: "Europe/Berlin");
        await AddOkAsync(c, cohort, new { date = "2024-03-30", start = "09:00", end = "12:00", title = "冬令时", type = "lecture" });
        await AddOkAsync(c, cohort, new { date = "2024-04-01", start = "09:00", end = "12:00", title = "夏令时", type = "lecture" });
        await AddOkAsync(c, cohort, new { date = "2024-03-30", start = "22:00", end = "04:00", pastMidnight = true, title = "通宵跨越换时", type = "workshop" });
        var (ics, sessions) = await Export(cohort);
        SameInstants(ics, sessions);
        Assert.Equal(new DateTimeOffset(2024, 3, 30, 8, 0, 0, TimeSpan.Zero), ics.Events[0].Start);
        Assert.Equal(new DateTimeOffset(2024, 4, 1, 7, 0, 0, TimeSpan.Zero), ics.Events[2].Start);
        // 22:00 CET to 04:00 CEST is five hours, not six.
        Assert.Equal(TimeSpan.FromHours(5), ics.Events[1].End - ics.Events[1].Start);
        var zone = ics.Zones["Europe/Berlin"];
        Assert.Contains(zone, o => o.OnsetLocal == new DateTime(2024, 3, 31, 2, 0, 0) && o.To == TimeSpan.FromHours(2));
        Assert.Contains("BEGIN:DAYLIGHT", ics.PhysicalLines);
    }

    [Fact]
    public async Task A_class_across_the_autumn_change_in_new_york_keeps_the_first_of_two_equal_times()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "纽约交流", "2024-11-02", "2024-11-04", zone: "America/New_York");
        var s = (await AddOkAsync(c, cohort, new { date = "2024-11-03", start = "01:30", end = "03:00", title = "换时之夜", type = "lecture" }))["session"]!;
        Assert.Equal("2024-11-03T05:30:00+00:00", s.Value<string>("startsAt")); // the first 01:30, still daylight time
        Assert.Equal(3m, s.Value<decimal>("studyHours"));                       // 150 real minutes, not 90
        await AddOkAsync(c, cohort, new { date = "2024-11-04", start = "09:00", end = "10:00", title = "冬令时", type = "lecture" });
        var gap = await AddAsync(c, cohort, new { date = "2024-11-03", start = "09:00", end = "10:00", title = "x", type = "lecture", timeZone = "Europe/London" });
        Assert.Equal(HttpStatusCode.Created, gap.StatusCode); // 09:00 London = 04:00 New York: allowed, converted
        var (ics, sessions) = await Export(cohort);
        SameInstants(ics, sessions);
        Assert.Contains("DTSTART;TZID=America/New_York:20241103T013000", ics.PhysicalLines);
    }

    [Fact]
    public async Task Text_is_escaped_and_long_lines_are_folded_without_cutting_a_character()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "转义", "2024-10-10", "2024-10-10", venue: "会议室; A, B" + U());
        var title = "星级场景评定指标-生活美学塑造法+场景品牌设计，以及“三人小组”理念解读; 第二部分, 含\\反斜杠";
        var material = "第一行\n第二行：https://example.cn/a,b;c";
        await AddOkAsync(c, cohort, new { date = "2024-10-10", start = "08:30", end = "11:30", title, type = "online_case", material, studyHours = 1 });
        var text = await c.GetStringAsync($"/api/v1/cohorts/{cohort}/timetable.ics");
        Assert.DoesNotContain("\n", text.Replace("\r\n", ""));
        var ics = IcsReader.Parse(text);
        Assert.All(ics.PhysicalLines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"{Encoding.UTF8.GetByteCount(l)}: {l}"));
        Assert.Contains(ics.PhysicalLines, l => l.StartsWith(' ')); // something was folded
        var e = Assert.Single(ics.Events);
        Assert.Equal(title, e["SUMMARY"]);
        Assert.Contains(material, e["DESCRIPTION"]);
        Assert.Contains("\\;", text);
        Assert.Contains("\\,", text);
        Assert.Contains("\\\\", text);
    }

    [Fact]
    public void Folding_and_escaping_by_themselves()
    {
        var line = "SUMMARY:" + new string('社', 40);
        var folded = ICalendar.Fold(line);
        Assert.All(folded.Split("\r\n"), l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75));
        Assert.Equal(line, folded.Replace("\r\n ", ""));
        var stamp = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var one = ICalendar.Write("x", [new ICalendar.Event("u@x", stamp, stamp.AddHours(1), "Asia/Shanghai", "a,b;c\\d\ne")], stamp);
        Assert.Contains("SUMMARY:a\\,b\\;c\\\\d\\ne\r\n", one);
        var emoji = string.Concat(Enumerable.Repeat("🎉", 30)); // 4-byte characters, surrogate pairs
        Assert.Equal(emoji, ICalendar.Fold(emoji).Replace("\r\n ", ""));
        Assert.All(ICalendar.Fold(emoji).Split("\r\n"), l => Assert.False(char.IsHighSurrogate(l[^1])));
        // Through the whole writer too, at every offset a fold may fall on.
        for (var pad = 0; pad < 4; pad++)
        {
            var summary = new string('a', pad) + emoji;
            var ics = IcsReader.Parse(ICalendar.Write("x", [new ICalendar.Event("u@x", stamp, stamp.AddHours(1), "Asia/Shanghai", summary)], stamp));
            Assert.Equal(summary, Assert.Single(ics.Events)["SUMMARY"]);
            Assert.All(ics.PhysicalLines, l => Assert.False(char.IsHighSurrogate(l[^1]), l));
        }
    }

    [Fact]
    public async Task A_link_with_a_line_break_that_reached_the_database_adds_no_line_to_the_calendar()
    {
        var c = await app.Api("organizer");
        var cohort = await CreateCohortAsync(app, "注入", "2024-10-10", "2024-10-10");
        var id = (await AddOkAsync(c, cohort, new { date = "2024-10-10", start = "19:00", end = "21:00", title = "线上分享", type = "online_live", onlineLink = "https://live.example.cn/1" }))["session"]!.Value<long>("id");
        // Written past the validator, as an older version or a hand-edited database might have left it.
        const string link = "https://x\r\nATTENDEE:mailto:evil@x";
        const string title = "标题\r\nATTENDEE:mailto:evil@x\nX-INJECTED:1\u0001";
        const string instructors = "专家\rORGANIZER:mailto:evil@x";
        await using (var db = await app.Get<CommunityAcademy.Web.Infrastructure.Data.Db>().OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(db, "UPDATE sessions SET online_link = @link, title = @title, instructors = @instructors WHERE id = @id", new { link, title, instructors, id });
        }
        var text = await c.GetStringAsync($"/api/v1/cohorts/{cohort}/timetable.ics");
        var ics = IcsReader.Parse(text);
        var e = Assert.Single(ics.Events);
        Assert.DoesNotContain(ics.PhysicalLines, l => l.StartsWith("ATTENDEE") || l.StartsWith("ORGANIZER") || l.StartsWith("X-INJECTED"));
        Assert.DoesNotContain("ATTENDEE", e.Props.Keys);
        Assert.DoesNotContain("ORGANIZER", e.Props.Keys);
        Assert.False(e.Props.ContainsKey("URL"), "a link with a line break is no URL property");
        Assert.Equal("标题\nATTENDEE:mailto:evil@x\nX-INJECTED:1 ", e["SUMMARY"]);
        Assert.Contains("授课专家：专家\nORGANIZER:mailto:evil@x", e["DESCRIPTION"]);
        Assert.Contains("直播链接：https://x\nATTENDEE:mailto:evil@x", e["DESCRIPTION"]);
        Assert.DoesNotContain(text, ch => ch < ' ' && ch != '\r' && ch != '\n');
    }

    [Fact]
    public async Task An_instructor_calendar_spans_classes_in_different_zones()
    {
        var c = await app.Api("organizer");
        var who = await InstructorAsync(c, "巡讲专家");
        var a = await CreateCohortAsync(app, "上海班", "2024-05-20", "2024-05-20");
        var b = await CreateCohortAsync(app, "伦敦班", "2024-05-21", "2024-05-21", zone: "Europe/London");
        await AddOkAsync(c, a, new { date = "2024-05-20", start = "09:00", end = "11:00", title = "上海讲座", type = "lecture", instructorIds = new[] { who } });
        await AddOkAsync(c, b, new { date = "2024-05-21", start = "09:00", end = "11:00", title = "伦敦讲座", type = "lecture", instructorIds = new[] { who } });
        var ics = IcsReader.Parse(await c.GetStringAsync($"/api/v1/instructors/{who}/timetable.ics"));
        Assert.Equal(["上海讲座", "伦敦讲座"], ics.Events.Select(e => e["SUMMARY"]));
        Assert.Equal(new DateTimeOffset(2024, 5, 20, 1, 0, 0, TimeSpan.Zero), ics.Events[0].Start);
        Assert.Equal(new DateTimeOffset(2024, 5, 21, 8, 0, 0, TimeSpan.Zero), ics.Events[1].Start);
        Assert.Equal(["Asia/Shanghai", "Europe/London"], ics.Zones.Keys.Order());
    }

    // ---- issue #15: the calendar read back by Ical.Net itself, and folding that never splits an escape

    private static Ical.Net.Calendar Load(string text) => Ical.Net.Calendar.Load(text) ?? throw new InvalidOperationException("no calendar");

    [Fact]
    public async Task Seed_000_calendar_parses_with_every_session_its_summary_location_and_times()
    {
        var c = await app.Api("organizer");
        var text = await c.GetStringAsync("/api/v1/cohorts/1/timetable.ics");
        var sessions = (await TimetableAsync(c, 1))["sessions"]!.AsArray();
        var events = Load(text).Events.OrderBy(e => e.DtStart!.AsUtc).ThenBy(e => e.Summary).ToList();
        Assert.Equal(sessions.Count, events.Count);
        foreach (var s in sessions)
        {
            var start = DateTimeOffset.Parse(s.Value<string>("startsAt")).UtcDateTime;
            var e = Assert.Single(events, e => e.DtStart!.AsUtc == start && e.Summary == s.Value<string>("title"));
            Assert.Equal(DateTimeOffset.Parse(s.Value<string>("endsAt")).UtcDateTime, e.DtEnd!.AsUtc);
            Assert.False(string.IsNullOrWhiteSpace(e.Location), $"{e.Summary} has a location");
        }
    }

    [Fact]
    public async Task A_description_with_line_breaks_and_commas_and_long_chinese_lines_round_trip_through_ical_net()
    {
        var c = await app.Api("organizer");
        var venue = "鄂州市委党校（鄂城区滨湖南路）; 三楼, 第二教室" + U();
        var cohort = await CreateCohortAsync(app, "往返", "2024-10-10", "2024-10-10", venue: venue);
        var title = string.Concat(Enumerable.Repeat("社区治理与服务，", 9)) + "结业; 考核\\说明";
        var material = "第一行，含逗号, 分号; 反斜杠\\\n第二行\r\n" + string.Concat(Enumerable.Repeat("换行\n", 30)) + "最后一行";
        await AddOkAsync(c, cohort, new { date = "2024-10-10", start = "08:30", end = "11:30", title, type = "online_case", material, studyHours = 1 });
        var text = await c.GetStringAsync($"/api/v1/cohorts/{cohort}/timetable.ics");
        var physical = text.Split("\r\n");
        Assert.All(physical, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, l));
        Assert.All(physical, l => Assert.False(EndsInsideEscape(l), "folded inside an escape: " + l));
        var e = Assert.Single(Load(text).Events);
        Assert.Equal(title, e.Summary);
        Assert.Equal(venue, e.Location);
        Assert.Contains(material.Replace("\r\n", "\n"), e.Description);
        Assert.Equal(new DateTimeOffset(2024, 10, 10, 0, 30, 0, TimeSpan.Zero).UtcDateTime, e.DtStart!.AsUtc);
    }

    /// <summary>A physical line (its leading space taken off) that ends with a backslash starting an escape.</summary>
    private static bool EndsInsideEscape(string physical)
    {
        var l = physical.StartsWith(' ') ? physical[1..] : physical;
        for (var i = 0; i < l.Length; i++)
            if (l[i] == '\\') { if (i == l.Length - 1) return true; i++; }
        return false;
    }

    [Fact]
    public void Folding_never_splits_an_escape_at_any_offset()
    {
        for (var pad = 0; pad < 80; pad++)
        {
            var line = "DESCRIPTION:" + new string('a', pad) + string.Concat(Enumerable.Repeat("\\n\\,\\;\\\\社", 20));
            var folded = ICalendar.Fold(line);
            Assert.Equal(line, folded.Replace("\r\n ", ""));
            Assert.All(folded.Split("\r\n"), l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, l));
            Assert.All(folded.Split("\r\n"), l => Assert.False(EndsInsideEscape(l), $"pad {pad}: {l}"));
        }
    }
}

public sealed class ICalendarTests_Sqlite(SqliteDemo app) : ICalendarTests(app), IClassFixture<SqliteDemo>;
public sealed class ICalendarTests_Postgres(PostgresDemo app) : ICalendarTests(app), IClassFixture<PostgresDemo>;
