using CommunityAcademy.Domain.Timetable;

namespace CommunityAcademy.Domain.Tests.Timetable;

public class SessionClockTests
{
    private static readonly ClassDays Ezhou = new(new DateOnly(2023, 6, 7), new DateOnly(2023, 6, 9), "Asia/Shanghai");

    private static (SessionTimes? Times, IReadOnlyList<FieldError> Errors) Resolve(SessionTimeInput input, ClassDays? days = null)
    {
        var r = SessionClock.Resolve(input, days ?? Ezhou, out var errors);
        return (r.IsOk ? r.Value : null, errors);
    }

    // Seed 000's seven blocks and seed 001's evening: local times in Shanghai, instants in UTC.
    [Theory]
    [InlineData("2023-06-07", "08:30", "08:45", false, "2023-06-07T00:30:00Z", "2023-06-07T00:45:00Z")]
    [InlineData("2023-06-07", "08:45", "11:30", false, "2023-06-07T00:45:00Z", "2023-06-07T03:30:00Z")]
    [InlineData("2023-06-09", "14:30", "17:30", false, "2023-06-09T06:30:00Z", "2023-06-09T09:30:00Z")]
    [InlineData("2023-06-08", "19:00", "21:00", false, "2023-06-08T11:00:00Z", "2023-06-08T13:00:00Z")]
    [InlineData("2023-06-09", "20:00", "00:30", true, "2023-06-09T12:00:00Z", "2023-06-09T16:30:00Z")]
    [InlineData("2023-06-08", "8:30", "11:30", false, "2023-06-08T00:30:00Z", "2023-06-08T03:30:00Z")]
    public void Valid_times_become_utc_instants(string date, string start, string end, bool pastMidnight, string startsAt, string endsAt)
    {
        var (t, errors) = Resolve(new SessionTimeInput(date, start, end, pastMidnight));
        Assert.Empty(errors);
        Assert.Equal(DateTimeOffset.Parse(startsAt), t!.StartsAt);
        Assert.Equal(DateTimeOffset.Parse(endsAt), t.EndsAt);
        Assert.Equal(TimeSpan.Zero, t.StartsAt.Offset);
        Assert.Equal(pastMidnight, t.PastMidnight);
    }

    // Each bad input names its field and the rule it broke.
    [Theory]
    [InlineData("2023-06-07", "11:30", "08:45", false, null, "end", "Timetable.EndBeforeStart")]
    [InlineData("2023-06-07", "08:30", "08:30", false, null, "end", "Timetable.EmptySession")]
    [InlineData("2023-06-07", "20:00", "00:30", false, null, "end", "Timetable.EndBeforeStart")]   // past midnight, not marked
    [InlineData("2023-06-07", "08:30", "11:30", true, null, "pastMidnight", "Timetable.NotPastMidnight")]
    [InlineData("2023-06-07", "08:30", "08:30", true, null, "pastMidnight", "Timetable.NotPastMidnight")]
    [InlineData("2023-06-10", "08:30", "11:30", false, null, "date", "Timetable.OutsideClassDays")]
    [InlineData("2023-06-06", "08:30", "11:30", false, null, "date", "Timetable.OutsideClassDays")]
    [InlineData("2023/06/07", "08:30", "11:30", false, null, "date", "Timetable.BadDate")]
    [InlineData("2023-02-30", "08:30", "11:30", false, null, "date", "Timetable.BadDate")]
    [InlineData("2023-06-07", "8点半", "11:30", false, null, "start", "Timetable.BadTime")]
    [InlineData("2023-06-07", "08:30", "24:00", false, null, "end", "Timetable.BadTime")]
    [InlineData("2023-06-07", "08:30", "11:30", false, "Mars/Olympus", "timeZone", "Timetable.UnknownZone")]
    [InlineData(null, null, null, false, null, "date", "Timetable.BadDate")]
    public void Bad_input_names_the_field(string? date, string? start, string? end, bool pastMidnight, string? zone, string field, string code)
    {
        var (t, errors) = Resolve(new SessionTimeInput(date, start, end, pastMidnight, zone));
        Assert.Null(t);
        Assert.Contains(errors, e => e.Field == field && e.Error.Code == code);
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var (_, errors) = Resolve(new SessionTimeInput("x", "y", "z", false, "Nowhere/City"));
        Assert.Equal(["date", "start", "end", "timeZone"], errors.Select(e => e.Field));
    }

    [Fact]
    public void A_day_outside_the_class_is_reported_with_the_other_problems()
    {
        var (_, errors) = Resolve(new SessionTimeInput("2023-06-12", "11:30", "08:30"));
        Assert.Equal([("date", "Timetable.OutsideClassDays"), ("end", "Timetable.EndBeforeStart")], errors.Select(e => (e.Field, e.Error.Code)));
    }

    [Fact]
    public void A_class_in_an_unknown_zone_is_reported_as_such()
    {
        var (_, errors) = Resolve(new SessionTimeInput("2023-06-07", "08:30", "11:30"), Ezhou with { TimeZone = "Atlantis/Capital" });
        Assert.Equal("Timetable.UnknownClassZone", Assert.Single(errors).Error.Code);
    }

    [Fact]
    public void Times_typed_in_another_zone_are_stored_in_the_class_zone()
    {
        // A lecturer in Berlin gives a live course at 02:00–04:00 Berlin time on 7 June = 08:00–10:00 in Shanghai.
        var (t, errors) = Resolve(new SessionTimeInput("2023-06-07", "02:00", "04:00", false, "Europe/Berlin"));
        Assert.Empty(errors);
        Assert.Equal((new DateOnly(2023, 6, 7), new TimeOnly(8, 0), new TimeOnly(10, 0)), (t!.Date, t.Start, t.End));
        Assert.Equal(DateTimeOffset.Parse("2023-06-07T00:00:00Z"), t.StartsAt);
        // 17:00–19:00 Berlin on 8 June is 23:00–01:00 in Shanghai: past midnight there.
        var (late, _) = Resolve(new SessionTimeInput("2023-06-08", "17:00", "19:00", false, "Europe/Berlin"));
        Assert.True(late!.PastMidnight);
        Assert.Equal((new TimeOnly(23, 0), new TimeOnly(1, 0)), (late.Start, late.End));
        // 20:00 Berlin on 9 June is 10 June in Shanghai: not a day of the class.
        var (_, outside) = Resolve(new SessionTimeInput("2023-06-09", "20:00", "21:00", false, "Europe/Berlin"));
        Assert.Equal("Timetable.OutsideClassDays", Assert.Single(outside).Error.Code);
    }

    [Fact]
    public void Daylight_saving_gaps_are_refused_and_overlaps_take_the_first_occurrence()
    {
        var ny = new ClassDays(new DateOnly(2024, 3, 1), new DateOnly(2024, 11, 30), "America/New_York");
        // 2024-03-10 02:30 does not exist in New York.
        var (_, gap) = Resolve(new SessionTimeInput("2024-03-10", "02:30", "04:00"), ny);
        Assert.Equal(("start", "Timetable.NoSuchLocalTime"), (gap[0].Field, gap[0].Error.Code));
        // 2024-11-03 01:30 happens twice; the first time is EDT (-04:00).
        var (t, errors) = Resolve(new SessionTimeInput("2024-11-03", "01:30", "03:00"), ny);
        Assert.Empty(errors);
        Assert.Equal(DateTimeOffset.Parse("2024-11-03T05:30:00Z"), t!.StartsAt);
        Assert.Equal(DateTimeOffset.Parse("2024-11-03T08:00:00Z"), t.EndsAt);
        Assert.Equal(TimeSpan.FromMinutes(150), t.Duration); // 2.5 hours: the clock went back an hour
    }

    [Fact]
    public void A_session_on_a_summer_day_uses_the_summer_offset()
    {
        var berlin = new ClassDays(new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), "Europe/Berlin");
        var (winter, _) = Resolve(new SessionTimeInput("2023-01-10", "09:00", "10:00"), berlin);
        var (summer, _) = Resolve(new SessionTimeInput("2023-07-10", "09:00", "10:00"), berlin);
        Assert.Equal(8, winter!.StartsAt.Hour);
        Assert.Equal(7, summer!.StartsAt.Hour);
    }
}
