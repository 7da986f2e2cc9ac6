using CommunityAcademy.Domain.Online;

namespace CommunityAcademy.Domain.Tests.Online;

/// <summary>线上学习 (#21 points 1, 2): intervals merged and clipped, the share, matching rows to trainees, the export's rows and errors, reading and questions.</summary>
public sealed class OnlineRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 15, 11, 30, 0, TimeSpan.Zero); // 19:30 北京时间
    private static readonly DateTimeOffset End = Start.AddMinutes(90);
    private static Stretch S(int from, int to) => new(Start.AddMinutes(from), Start.AddMinutes(to));

    [Fact]
    public void Overlapping_and_touching_intervals_merge_and_are_clipped_to_the_course()
    {
        var merged = LivePresence.Merge([S(40, 60), S(-10, 20), S(10, 30), S(30, 35), S(80, 200), S(-30, -20)], Start, End);
        Assert.Equal([S(0, 35), S(40, 60), S(80, 90)], merged);
        Assert.Equal(35 + 20 + 10, LivePresence.MinutesPresent([S(40, 60), S(-10, 20), S(10, 30), S(30, 35), S(80, 200)], Start, End));
        // the same interval twice counts once
        Assert.Equal(30, LivePresence.MinutesPresent([S(0, 30), S(0, 30)], Start, End));
        Assert.Equal(90, LivePresence.CourseMinutes(Start, End));
    }

    [Theory]
    [InlineData(72, 80, true)]   // 72 of 90 = 80%
    [InlineData(71, 80, false)]
    [InlineData(45, 50, true)]
    [InlineData(90, 100, true)]
    [InlineData(89, 100, false)]
    public void Completed_when_present_for_the_share(int minutes, int share, bool completed) =>
        Assert.Equal(completed, LivePresence.Completed(minutes, 90, share));

    [Fact]
    public void A_share_is_a_percentage_from_1_to_100()
    {
        Assert.Null(LivePresence.CheckShare(80));
        Assert.Equal("Online.Share", LivePresence.CheckShare(0)!.Code);
        Assert.Equal("Online.Share", LivePresence.CheckShare(101)!.Code);
    }

    private static readonly LiveCandidate[] Trainees =
    [
        new(1, "陈思远", "13907570001", "东湖社区（示例）"),
        new(2, "李晓梅", "13907570002", "桂花社区（示例）"),
        new(3, "李晓梅", "13907570003", "南岸社区（示例）"),
    ];

    [Fact]
    public void A_row_matches_by_phone_else_by_name_and_unit_else_not_at_all()
    {
        Assert.Equal((1L, LiveMatchKind.Phone), LiveMatching.Match("别名", "+86 139-0757-0001", null, Trainees));
        Assert.Equal((3L, LiveMatchKind.NameUnit), LiveMatching.Match("李 晓梅", "13800000000", "南岸社区", Trainees));
        Assert.Equal((null, LiveMatchKind.None), LiveMatching.Match("李晓梅", null, null, Trainees)); // two of that name, no unit
        Assert.Equal((null, LiveMatchKind.None), LiveMatching.Match("王五", null, "东湖社区", Trainees));
        Assert.Null(LiveMatching.Phone("12345"));
        Assert.Equal("13907570001", LiveMatching.Phone("8613907570001"));
    }

    private static (int, IReadOnlyList<string>) R(int n, params string[] cells) => (n, cells);

    [Fact]
    public void An_export_groups_a_persons_rows_into_intervals()
    {
        var (people, errors) = LiveExport.Read(
        [
            R(1, "姓名", "手机号", "单位", "入会时间", "离会时间"),
            R(2, "陈思远", "13907570001", "东湖社区", "2026-09-15 19:25:00", "2026-09-15 20:10"),
            R(3, "陈思远", "13907570001", "东湖社区", "20:20", "21:05"),
            R(4, "王五", "", "翠园社区", "2026/9/15 19:30", "2026/9/15 21:00"),
        ], Start, End, "Asia/Shanghai");
        Assert.Empty(errors);
        Assert.Equal(2, people.Count);
        Assert.Equal([2, 3], people[0].Rows);
        Assert.Equal(40 + 40, LivePresence.MinutesPresent(people[0].Stretches, Start, End));
        Assert.Equal(90, LivePresence.MinutesPresent(people[1].Stretches, Start, End));
    }

    [Fact]
    public void An_unknown_column_refuses_the_export_naming_it()
    {
        var (people, errors) = LiveExport.Read([R(1, "姓名", "手机号", "入会时间", "离会时间", "设备类型"), R(2, "陈思远", "13907570001", "19:30", "21:00", "iPhone")],
            Start, End, "Asia/Shanghai");
        Assert.Empty(people);
        var e = Assert.Single(errors);
        Assert.Equal(("Online.UnknownColumn", "设备类型"), (e.Error.Code, (string)e.Error.Args[0]));
    }

    [Fact]
    public void Bad_rows_are_errors_of_their_row_and_nothing_is_read()
    {
        var (people, errors) = LiveExport.Read(
        [
            R(1, "姓名", "手机号", "单位", "入会时间", "离会时间"),
            R(2, "陈思远", "13907570001", "东湖社区", "19:30", "21:00"),
            R(3, "陈思远", "13907570001", "东湖社区", "2026-09-16 19:30", "2026-09-16 21:00"), // the next day: outside the course
            R(4, "李四", "13907570001", "东湖社区", "19:30", "20:00"),                          // the same number, another name
            R(5, "", "13907570005", "东湖社区", "19:30", "20:00"),
            R(6, "赵六", "13907570006", "东湖社区", "20:00", "19:30"),
            R(7, "钱七", "13907570007", "东湖社区", "晚上", "20:00"),
        ], Start, End, "Asia/Shanghai");
        Assert.Empty(people);
        Assert.Equal([(3, "Online.OutsideCourse"), (4, "Online.PhoneTwice"), (5, "Online.NameRequired"), (6, "Online.LeaveBeforeJoin"), (7, "Online.BadTime")],
            errors.Select(e => (e.Row, e.Error.Code)));
    }

    [Fact]
    public void Reading_time_is_measured_from_the_servers_opening()
    {
        var opened = Start;
        Assert.Equal(120, CaseReading.SecondsLeft(opened, opened, 120));
        Assert.Equal(1, CaseReading.SecondsLeft(opened, opened.AddSeconds(119.5), 120));
        Assert.Equal(0, CaseReading.SecondsLeft(opened, opened.AddSeconds(120), 120));
        Assert.True(CaseReading.CaseCompleted(1, 0, answeredCorrectly: true));
        Assert.True(CaseReading.CaseCompleted(2, 2, false));
        Assert.False(CaseReading.CaseCompleted(2, 1, false));
        Assert.False(CaseReading.ThemeCompleted(3, 2));
        Assert.True(CaseReading.ThemeCompleted(3, 3));
        Assert.Equal(0.5m, CaseReading.Share(3, 6));
        Assert.Equal(0m, CaseReading.Share(0, 0));
    }

    [Fact]
    public void Questions_are_parsed_with_one_correct_option_each()
    {
        var q = CaseReading.Parse("加装电梯首先要做什么？\n直接施工\n*召开居民协商会\n找物业\n\n社区花园由谁维护？\n*居民志愿者\n街道");
        Assert.True(q.IsOk);
        Assert.Equal([1, 0], q.Value!.Select(x => x.Correct));
        Assert.True(CaseReading.AllCorrect(q.Value!, [1, 0]));
        Assert.False(CaseReading.AllCorrect(q.Value!, [1, 1]));
        Assert.Equal(q.Value!, CaseReading.Parse(CaseReading.Format(q.Value!)).Value!, new QuestionComparer());
        Assert.Equal("Online.QuestionCorrect", CaseReading.Parse("题目\n甲\n乙").Error!.Code);
        Assert.Equal("Online.QuestionOptions", CaseReading.Parse("题目\n*甲").Error!.Code);
    }

    private sealed class QuestionComparer : IEqualityComparer<CaseQuestion>
    {
        public bool Equals(CaseQuestion? x, CaseQuestion? y) => x!.Prompt == y!.Prompt && x.Correct == y.Correct && x.Options.SequenceEqual(y.Options);
        public int GetHashCode(CaseQuestion q) => q.Prompt.GetHashCode();
    }
}
