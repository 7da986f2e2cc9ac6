using CommunityAcademy.Domain.Timetable;

namespace CommunityAcademy.Domain.Tests.Timetable;

public class ClashDetectorTests
{
    private static readonly ClassDays Days = new(new DateOnly(2023, 6, 7), new DateOnly(2023, 6, 9), "Asia/Shanghai");
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>A session on 7 June (or the given date) from "HH:mm" to "HH:mm" in Shanghai.</summary>
    private static Slot S(long id, string start, string end, string? venue = "培训厅", long[]? people = null, long? tp = null,
        Delivery delivery = Delivery.InPerson, long cohort = 1, string date = "2023-06-07", Dictionary<long, long[]>? teams = null)
    {
        var d = DateOnly.Parse(date);
        return new Slot(id, cohort, "课程" + id, d,
            SessionClock.ToInstant(d, TimeOnly.Parse(start), Shanghai), SessionClock.ToInstant(d, TimeOnly.Parse(end), Shanghai),
            delivery, (people ?? []).ToHashSet(),
            (teams ?? []).ToDictionary(t => t.Key, t => (IReadOnlySet<long>)t.Value.ToHashSet()), tp, venue);
    }

    private static List<(ClashKind, long, long?)> Run(Slot[] mine, params Slot[] others) =>
        ClashDetector.Detect(mine, Days, others).Select(c => (c.Kind, c.First.Id, c.Second?.Id)).ToList();

    public static TheoryData<string, Slot[], Slot[], (ClashKind, long, long?)[]> Cases => new()
    {
        { "seed 000 day one: back to back is no clash",
            [S(1, "08:30", "08:45"), S(2, "08:45", "11:30", people: [7]), S(3, "14:30", "17:30", people: [7])], [], [] },
        { "two sessions of the class overlap in one room",
            [S(1, "08:30", "11:30"), S(2, "10:00", "12:00")], [], [(ClashKind.Overlap, 1, 2)] },
        { "an unknown place counts as the same place",
            [S(1, "08:30", "11:30", venue: null), S(2, "10:00", "12:00")], [], [(ClashKind.Overlap, 1, 2)] },
        { "venues compare without spaces and width",
            [S(1, "08:30", "11:30", venue: "共益园 五楼"), S(2, "10:00", "12:00", venue: "共益园五楼")], [], [(ClashKind.Overlap, 1, 2)] },
        { "the class in two places at once",
            [S(1, "08:30", "11:30"), S(2, "10:00", "12:00", venue: null, tp: 5)], [], [(ClashKind.ClassInTwoPlaces, 1, 2)] },
        { "a live online course during a visit is two places",
            [S(1, "14:30", "17:30", tp: 5), S(2, "15:00", "16:00", delivery: Delivery.LiveOnline)], [], [(ClashKind.ClassInTwoPlaces, 1, 2)] },
        { "a pushed case never clashes",
            [S(1, "08:30", "11:30", people: [7]), S(2, "08:00", "23:00", delivery: Delivery.SelfPaced, people: [7])],
            [S(9, "08:00", "12:00", cohort: 2, delivery: Delivery.SelfPaced)], [] },
        { "one instructor in two overlapping sessions of the class",
            [S(1, "08:30", "11:30", people: [7]), S(2, "09:00", "10:00", venue: "二楼", people: [7, 8])], [],
            [(ClashKind.ClassInTwoPlaces, 1, 2), (ClashKind.InstructorDoubleBooked, 1, 2)] },
        { "an instructor teaching another class at the same time",
            [S(1, "08:30", "11:30", people: [7])], [S(20, "09:00", "10:00", venue: "别处", people: [7], cohort: 2)],
            [(ClashKind.InstructorDoubleBooked, 1, 20)] },
        { "an instructor teaching another class the next day is fine",
            [S(1, "08:30", "11:30", people: [7])], [S(20, "08:30", "11:30", venue: "别处", people: [7], cohort: 2, date: "2023-06-08")], [] },
        { "a team member named alone elsewhere while the team teaches",
            [S(1, "08:30", "11:30", teams: new() { [3] = [7, 8] })], [S(20, "09:00", "10:00", venue: "别处", people: [8], cohort: 2)],
            [(ClashKind.InstructorDoubleBooked, 1, 20)] },
        { "a team in two classes at once is one warning",
            [S(1, "08:30", "11:30", teams: new() { [3] = [7, 8] })], [S(20, "09:00", "10:00", venue: "别处", cohort: 2, teams: new() { [3] = [7, 8] })],
            [(ClashKind.InstructorDoubleBooked, 1, 20)] },
        { "the same room given to two classes",
            [S(1, "08:30", "11:30")], [S(20, "11:00", "12:00", cohort: 2)], [(ClashKind.VenueDoubleBooked, 1, 20)] },
        { "the same teaching point given to two classes",
            [S(1, "14:30", "17:30", venue: null, tp: 5)], [S(20, "14:00", "15:00", venue: "别的写法", tp: 5, cohort: 2)], [(ClashKind.VenueDoubleBooked, 1, 20)] },
        { "two classes online at once share no venue",
            [S(1, "19:00", "21:00", delivery: Delivery.LiveOnline)], [S(20, "19:00", "21:00", delivery: Delivery.LiveOnline, cohort: 2)], [] },
        { "a session after the class ended",
            [S(1, "08:30", "11:30", date: "2023-06-10")], [], [(ClashKind.OutsideClassDays, 1, null)] },
        { "a session before the class began",
            [S(1, "08:30", "11:30", date: "2023-06-06"), S(2, "08:30", "11:30")], [], [(ClashKind.OutsideClassDays, 1, null)] },
        { "the class's own sessions passed as others are not counted twice",
            [S(1, "08:30", "11:30")], [S(1, "08:30", "11:30")], [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Clashes(string name, Slot[] mine, Slot[] others, (ClashKind, long, long?)[] expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected.ToList(), Run(mine, others));
    }

    [Fact]
    public void Instructor_warnings_say_who()
    {
        var c = ClashDetector.Detect([S(1, "08:30", "11:30", people: [7, 9])], Days, [S(20, "09:00", "10:00", venue: "别处", people: [9], cohort: 2)]);
        Assert.Equal(9, Assert.Single(c).InstructorId);
        var t = ClashDetector.Detect([S(1, "08:30", "11:30", teams: new() { [3] = [7] })], Days, [S(20, "09:00", "10:00", venue: "别处", cohort: 2, teams: new() { [3] = [7] })]);
        Assert.Equal((3L, (long?)null), (Assert.Single(t).TeamId!.Value, t[0].InstructorId));
    }
}
