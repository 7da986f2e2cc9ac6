using CommunityAcademy.Domain.Reviews;

namespace CommunityAcademy.Domain.Courses;

/// <summary>A course's format: a lecture (讲授), on-site teaching (现场教学), a workshop (工作坊, with its method), other.</summary>
public static class CourseFormats
{
    public static readonly IReadOnlyList<string> All = ["lecture", "onsite", "workshop", "other"];
}

/// <summary>The fields of one version of a course proposal (课程申报): 教学背景、教学主题、教学目标、教学流程 and the rest.</summary>
public sealed record CourseFields(string Title, string? Topic, string? Background, string? Theme, string? Goals, string? Flow,
    string? Audience, int? Minutes, decimal? Hours, string Format, string? Method, string? Instructors)
{
    public const int MaxTitle = 100;
    public const int MaxText = 4000;

    /// <summary>Null when the fields can be kept; otherwise the first rule broken.</summary>
    public Error? Check()
    {
        if (string.IsNullOrWhiteSpace(Title)) return new Error("Course.TitleRequired");
        if (Title.Trim().Length > MaxTitle) return new Error("Course.TitleTooLong", MaxTitle);
        foreach (var t in new[] { Topic, Background, Theme, Goals, Flow, Audience, Method, Instructors })
            if (t?.Length > MaxText) return new Error("Course.TextTooLong", MaxText);
        if (!CourseFormats.All.Contains(Format)) return new Error("Course.BadFormat", Format);
        if (Minutes is { } m && (m <= 0 || m > 24 * 60)) return new Error("Course.BadMinutes", m);
        if (Hours is { } h && (h <= 0 || h > 100 || h * 2 != decimal.Truncate(h * 2))) return new Error("Course.BadHours", h);
        return null;
    }
}

/// <summary>Where a course stands: a proposal (draft), accepted into the library, rejected.</summary>
public enum CourseStatus { Draft, Accepted, Rejected }

/// <summary>The panel's decision on a trial lecture: 通过, 修改后通过 (a named member checks the revision), 不通过.</summary>
public enum Decision { Accepted, Revise, Rejected }

/// <summary>A panel member's role: 专家, 相关负责人, 社区工作者代表.</summary>
public enum PanelRole { Expert, Official, Worker }

public static class CourseRules
{
    /// <summary>An accepted course is what the library offers: it changes only as a new version (the accepted one stays as it was).</summary>
    public static Error? CheckEdit(CourseStatus status, bool asNewVersion) =>
        status == CourseStatus.Accepted && !asNewVersion ? new Error("Course.AcceptedNeedsVersion") : null;

    /// <summary>
    /// Whether a member may score a trial lecture now: on the panel; from the lecture's start until the meeting closes
    /// (its close time, or closed by hand); never a lecture of a course whose partner institution is the member's unit,
    /// its subtree or its ancestors (<see cref="Conflicts"/>).
    /// </summary>
    public static Error? CanScore(bool isMember, DateTimeOffset now, DateTimeOffset lectureStarts, DateTimeOffset meetingCloses,
        bool closedByHand, string? memberUnitPath, string? partnerUnitPath)
    {
        if (!isMember) return new Error("Course.NotMember");
        if (now < lectureStarts) return new Error("Course.LectureNotStarted", lectureStarts);
        if (closedByHand || now >= meetingCloses) return new Error("Course.MeetingClosed");
        return Conflict(memberUnitPath, partnerUnitPath);
    }

    /// <summary>
    /// Whether a member may never score a course: its partner institution is the member's unit, in its subtree or among
    /// its ancestors (<see cref="Conflicts"/>). Known before the lecture starts, so the pages say it up front.
    /// </summary>
    public static Error? Conflict(string? memberUnitPath, string? partnerUnitPath) =>
        Conflicts.Between(memberUnitPath, [partnerUnitPath]) is not null ? new Error("Course.PartnerConflict") : null;

    /// <summary>How the sample rubric's name marks it as a sample; an edited rubric is offered its name without it.</summary>
    public const string SampleMark = "（示例）";
    public const int MaxRubricName = 50;

    /// <summary>Whether a meeting still uses the sample rubric as it was given (the pages label it 示例).</summary>
    public static bool IsSample(Rubric r) => r.Name == SampleRubric().Name && Same(r, SampleRubric() with { Version = r.Version });

    private static bool Same(Rubric a, Rubric b) =>
        a.Name == b.Name && a.Rule == b.Rule && a.FlagSpread == b.FlagSpread && RubricText.Format(a) == RubricText.Format(b)
        && a.Criteria.Select(c => c.Key).SequenceEqual(b.Criteria.Select(c => c.Key));

    /// <summary>
    /// A meeting's rubric as the organizer changed it (criteria as <see cref="RubricText"/> lines, the panel rule, the
    /// spread to flag, a name). Before any score it replaces the current version in place; once scoring started it is the
    /// next version (scores keep the version they were given under and are left out of the panel's result, as for
    /// reviews). Refused: no name, a line that does not parse, a rubric the domain refuses, no change at all.
    /// </summary>
    public static Result<Rubric> EditRubric(Rubric current, string? name, string? text, AggregateRule rule, decimal flagSpread, bool scoringStarted)
    {
        name = name?.Trim() ?? "";
        if (name.Length == 0) return new Error("Course.RubricNameRequired");
        if (name.Length > MaxRubricName) return new Error("Course.RubricNameTooLong", MaxRubricName);
        var parsed = RubricText.Parse(text, current, rule, flagSpread);
        if (!parsed.IsOk) return parsed.Error!;
        var next = parsed.Value! with { Name = name, Version = scoringStarted ? current.Version + 1 : current.Version };
        return Same(next, current) ? new Error("Course.RubricUnchanged") : Result<Rubric>.Ok(next);
    }

    /// <summary>A decision to record: "after revision" names who checks it; the others name no one.</summary>
    public static Error? CheckDecision(Decision decision, long? checkerId) =>
        decision == Decision.Revise && checkerId is null ? new Error("Course.CheckerNeeded") : null;

    /// <summary>
    /// A trial lecture's time slot within the meeting: it ends after it starts, starts no earlier than the meeting and
    /// ends no later than its close.
    /// </summary>
    public static Error? CheckSlot(DateTimeOffset starts, DateTimeOffset ends, DateTimeOffset meetingStarts, DateTimeOffset meetingCloses) =>
        ends <= starts ? new Error("Course.SlotOrder")
        : starts < meetingStarts || ends > meetingCloses ? new Error("Course.SlotOutsideMeeting")
        : null;

    /// <summary>
    /// The organizer records acceptance of a course decided "after revision" only once a revision exists (a version
    /// after the one presented) and the named checker has agreed.
    /// </summary>
    public static Error? CanAcceptRevision(Decision? decision, int presentedVersion, int currentVersion, bool checkerAgreed) =>
        decision != Decision.Revise ? new Error("Course.NotRevise")
        : currentVersion <= presentedVersion ? new Error("Course.NotRevised")
        : !checkerAgreed ? new Error("Course.NotChecked")
        : null;

    /// <summary>
    /// The sample rubric for trial lectures (labelled as a sample; the organizer may change it): 目标明确、贴近社区工作实际、
    /// 方法互动、结构清晰、时间把控, equal weights, 1–10, trimmed mean from five members.
    /// </summary>
    public static Rubric SampleRubric() => new("试讲评分（示例）", 1,
    [
        new("goals", "目标明确", 1, Scale.OneToTen), new("practice", "贴近社区工作实际", 1, Scale.OneToTen),
        new("interaction", "方法互动", 1, Scale.OneToTen), new("structure", "结构清晰", 1, Scale.OneToTen),
        new("timing", "时间把控", 1, Scale.OneToTen),
    ], AggregateRule.TrimmedMean);
}
