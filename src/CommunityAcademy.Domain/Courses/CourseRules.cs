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
        if (Conflicts.Between(memberUnitPath, [partnerUnitPath]) is not null) return new Error("Course.PartnerConflict");
        return null;
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
