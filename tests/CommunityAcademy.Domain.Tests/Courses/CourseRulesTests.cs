using CommunityAcademy.Domain.Courses;
using CommunityAcademy.Domain.Reviews;

namespace CommunityAcademy.Domain.Tests.Courses;

public class CourseRulesTests
{
    private static readonly DateTimeOffset Start = new(2021, 3, 7, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Close = Start.AddHours(8);

    private static Error? Score(bool member = true, DateTimeOffset? now = null, bool byHand = false, string? mine = "/1/2/", string? partner = "/1/9/") =>
        CourseRules.CanScore(member, now ?? Start.AddMinutes(5), Start, Close, byHand, mine, partner);

    [Fact]
    public void A_member_scores_between_the_lecture_start_and_the_close() => Assert.Null(Score());

    [Fact]
    public void A_non_member_is_refused() => Assert.Equal("Course.NotMember", Score(member: false)?.Code);

    [Fact]
    public void Before_the_lecture_is_refused() => Assert.Equal("Course.LectureNotStarted", Score(now: Start.AddSeconds(-1))?.Code);

    [Fact]
    public void At_or_after_the_close_or_closed_by_hand_is_refused()
    {
        Assert.Equal("Course.MeetingClosed", Score(now: Close)?.Code);
        Assert.Equal("Course.MeetingClosed", Score(byHand: true)?.Code);
    }

    [Theory]
    [InlineData("/1/9/", "/1/9/")]     // the partner institution itself
    [InlineData("/1/9/4/", "/1/9/")]   // a department of it
    [InlineData("/1/", "/1/9/")]       // above it
    public void A_member_of_the_partner_institution_never_scores_its_course(string mine, string partner) =>
        Assert.Equal("Course.PartnerConflict", Score(mine: mine, partner: partner)?.Code);

    [Fact]
    public void A_member_without_a_unit_or_of_a_sibling_unit_has_no_conflict()
    {
        Assert.Null(Score(mine: null));
        Assert.Null(Score(mine: "/1/90/", partner: "/1/9/")); // "/1/90/" is not under "/1/9/"
    }

    [Fact]
    public void An_accepted_course_changes_only_as_a_new_version()
    {
        Assert.Equal("Course.AcceptedNeedsVersion", CourseRules.CheckEdit(CourseStatus.Accepted, false)?.Code);
        Assert.Null(CourseRules.CheckEdit(CourseStatus.Accepted, true));
        Assert.Null(CourseRules.CheckEdit(CourseStatus.Draft, false));
    }

    [Fact]
    public void After_revision_names_who_checks_it()
    {
        Assert.Equal("Course.CheckerNeeded", CourseRules.CheckDecision(Decision.Revise, null)?.Code);
        Assert.Null(CourseRules.CheckDecision(Decision.Revise, 7));
        Assert.Null(CourseRules.CheckDecision(Decision.Accepted, null));
    }

    [Fact]
    public void A_revision_is_accepted_once_revised_and_checked()
    {
        Assert.Equal("Course.NotRevise", CourseRules.CanAcceptRevision(Decision.Accepted, 1, 2, true)?.Code);
        Assert.Equal("Course.NotRevised", CourseRules.CanAcceptRevision(Decision.Revise, 1, 1, true)?.Code);
        Assert.Equal("Course.NotChecked", CourseRules.CanAcceptRevision(Decision.Revise, 1, 2, false)?.Code);
        Assert.Null(CourseRules.CanAcceptRevision(Decision.Revise, 1, 2, true));
    }

    [Fact]
    public void A_slot_lies_within_the_meeting_and_ends_after_it_starts()
    {
        Assert.Null(CourseRules.CheckSlot(Start, Start.AddMinutes(30), Start, Close));
        Assert.Equal("Course.SlotOrder", CourseRules.CheckSlot(Start, Start, Start, Close)?.Code);
        Assert.Equal("Course.SlotOutsideMeeting", CourseRules.CheckSlot(Start.AddMinutes(-1), Start.AddMinutes(30), Start, Close)?.Code);
        Assert.Equal("Course.SlotOutsideMeeting", CourseRules.CheckSlot(Close.AddMinutes(-10), Close.AddMinutes(1), Start, Close)?.Code);
    }

    [Fact]
    public void Fields_are_checked()
    {
        var ok = new CourseFields("社区工作与社区工作者职业素养", "职业素养", null, null, null, null, "社区工作者", 90, 2, "lecture", null, "张老师");
        Assert.Null(ok.Check());
        Assert.Equal("Course.TitleRequired", (ok with { Title = " " }).Check()?.Code);
        Assert.Equal("Course.BadFormat", (ok with { Format = "party" }).Check()?.Code);
        Assert.Equal("Course.BadHours", (ok with { Hours = 0 }).Check()?.Code);
        Assert.Equal("Course.BadHours", (ok with { Hours = 1.3m }).Check()?.Code);
        Assert.Equal("Course.BadMinutes", (ok with { Minutes = -5 }).Check()?.Code);
    }

    [Fact]
    public void The_sample_rubric_has_the_five_criteria_and_is_usable()
    {
        var r = CourseRules.SampleRubric();
        Assert.Null(r.Check());
        Assert.Equal(["目标明确", "贴近社区工作实际", "方法互动", "结构清晰", "时间把控"], r.Criteria.Select(c => c.Name));
        Assert.Contains("示例", r.Name);
        Assert.Equal(100m, r.Total(r.Criteria.ToDictionary(c => c.Key, _ => 10m)).Value);
    }

    // ---- session 8: the meeting's rubric edited, conflicts known up front

    private const string Edited = "目标明确|2|1-10\n贴近社区工作实际|1|1-10\n方法互动|1|1-5";

    [Fact]
    public void Before_any_score_an_edited_rubric_replaces_the_version_and_keeps_the_keys_of_unchanged_names()
    {
        var sample = CourseRules.SampleRubric();
        Assert.True(CourseRules.IsSample(sample));
        var r = CourseRules.EditRubric(sample, " 试讲评分 ", Edited, AggregateRule.Mean, 15m, scoringStarted: false);
        Assert.True(r.IsOk, r.Error?.ToString());
        var v = r.Value!;
        Assert.Equal(("试讲评分", 1, AggregateRule.Mean, 15m), (v.Name, v.Version, v.Rule, v.FlagSpread));
        Assert.Equal(["goals", "practice", "interaction"], v.Criteria.Select(c => c.Key));
        Assert.Equal([2m, 1m, 1m], v.Criteria.Select(c => c.Weight));
        Assert.Equal(new Points(1, 5), v.Criteria[2].Scale);
        Assert.False(CourseRules.IsSample(v));
    }

    [Fact]
    public void Once_scoring_started_an_edited_rubric_is_the_next_version()
    {
        var r = CourseRules.EditRubric(CourseRules.SampleRubric(), "试讲评分", Edited, AggregateRule.TrimmedMean, 20m, scoringStarted: true);
        Assert.Equal(2, r.Value!.Version);
    }

    [Fact]
    public void An_edit_without_a_name_with_a_bad_line_a_bad_weight_or_no_change_is_refused()
    {
        var sample = CourseRules.SampleRubric();
        Assert.Equal("Course.RubricNameRequired", CourseRules.EditRubric(sample, " ", Edited, AggregateRule.Mean, 20m, false).Error?.Code);
        Assert.Equal("Course.RubricNameTooLong", CourseRules.EditRubric(sample, new string('名', 51), Edited, AggregateRule.Mean, 20m, false).Error?.Code);
        Assert.Equal("Review.RubricLine", CourseRules.EditRubric(sample, "x", "目标明确|一|1-10", AggregateRule.Mean, 20m, false).Error?.Code);
        Assert.Equal("Review.Weight", CourseRules.EditRubric(sample, "x", "目标明确|0|1-10", AggregateRule.Mean, 20m, false).Error?.Code);
        Assert.Equal("Review.NoCriteria", CourseRules.EditRubric(sample, "x", "", AggregateRule.Mean, 20m, false).Error?.Code);
        Assert.Equal("Course.RubricUnchanged", CourseRules.EditRubric(sample, sample.Name, RubricText.Format(sample), sample.Rule, sample.FlagSpread, true).Error?.Code);
    }

    [Fact]
    public void A_conflict_is_known_without_a_time_and_is_the_rule_scoring_applies()
    {
        Assert.Equal("Course.PartnerConflict", CourseRules.Conflict("/1/9/", "/1/9/")?.Code);
        Assert.Equal("Course.PartnerConflict", CourseRules.Conflict("/1/9/4/", "/1/9/")?.Code); // under the partner
        Assert.Null(CourseRules.Conflict("/1/2/", "/1/9/"));
        Assert.Null(CourseRules.Conflict(null, "/1/9/"));
        Assert.Null(CourseRules.Conflict("/1/2/", null));
        Assert.Equal(CourseRules.Conflict("/1/9/4/", "/1/9/")?.Code, Score(mine: "/1/9/4/")?.Code);
    }
}
