using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Courses;
using CommunityAcademy.Domain.Reviews;
using CommunityAcademy.Web.Features.Reviews;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Features.Courses;

public sealed record AgreementRequest(long? OwnerUnitId, long? PartnerUnitId, string? Title, DateOnly? SignedOn, DateOnly? StartsOn, DateOnly? EndsOn, string? Scope);
public sealed record AgreementDto(long Id, long OwnerUnitId, string OwnerUnit, long PartnerUnitId, string PartnerUnit, string Title,
    DateOnly? SignedOn, DateOnly? StartsOn, DateOnly? EndsOn, string? Scope, long Courses)
{
    public static AgreementDto Of(AgreementRow a) => new(a.Id, a.OwnerUnitId, a.OwnerUnit, a.PartnerUnitId, a.PartnerUnit, a.Title, a.SignedOn, a.StartsOn, a.EndsOn, a.Scope, a.Courses);
}
public sealed record CourseDto(long Id, long? AgreementId, string? Agreement, string? PartnerUnit, string Title, string? Topic, string Status, int CurrentVersion, int? AcceptedVersion)
{
    public static CourseDto Of(CourseRow k) => new(k.Id, k.AgreementId, k.Agreement, k.PartnerUnit, k.Title, k.Topic, k.Status, k.CurrentVersion, k.AcceptedVersion);
}
public sealed record CourseDetailDto(CourseDto Course, IReadOnlyList<CourseVersionDto> Versions, IReadOnlyList<CourseUse> Uses);
public sealed record MeetingDto(long Id, string Title, string? Place, DateTimeOffset StartsAt, DateTimeOffset ClosesAt, bool Closed)
{
    public static MeetingDto Of(MeetingRow m, DateTimeOffset now) => new(m.Id, m.Title, m.Place, m.StartsAt, m.ClosesAt, m.IsClosed(now));
}
public sealed record PanelMemberDto(long UserId, string DisplayName, string Role, string? Unit);
/// <param name="RubricVersion">The version of the meeting's rubric the score was given under; an older one is left out of the panel's result.</param>
public sealed record MeetingScoreDto(long UserId, string Member, IReadOnlyDictionary<string, decimal> Values, decimal Total, string? Opinion, int RubricVersion, DateTimeOffset UpdatedAt)
{
    public static MeetingScoreDto Of(MeetingScore s) => new(s.UserId, s.Member, s.Values, s.Total, s.Opinion, s.RubricVersion, s.UpdatedAt);
}
/// <param name="Panel">The panel's result (organizers only).</param>
/// <param name="Scores">Organizers: every member's; a member: their own.</param>
public sealed record AgendaItemDto(long Id, long CourseId, string Course, string? Topic, int Version, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Presenter,
    string? Opinion, string? Decision, string? Checker, string? PartnerUnit, PanelResult? Panel, IReadOnlyList<MeetingScoreDto> Scores);
/// <param name="Standing">"organizer" or "member".</param>
public sealed record MeetingDetailDto(MeetingDto Meeting, ReviewJson.RubricBody Rubric, bool RubricIsSample, string Standing, string? Role,
    IReadOnlyList<PanelMemberDto> Members, IReadOnlyList<AgendaItemDto> Agenda);
/// <param name="CanScore">Whether the member may score it now; otherwise <see cref="Refusal"/> says why (the rule applied on submit).</param>
/// <param name="Conflict">Why the member may never score it (their institution developed the course), known before the lecture.</param>
public sealed record MeetingTodoDto(long LectureId, string Course, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool CanScore, string? RefusalCode, string? Refusal,
    string? ConflictCode, string? Conflict, MeetingScoreDto? Mine);
/// <param name="Values">Criterion key → the value on its scale; every criterion of the meeting's current rubric.</param>
public sealed record MeetingScoreRequest(Dictionary<string, decimal>? Values, string? Opinion);
/// <param name="Text">One criterion a line, as on the page: "名称|权重|最低-最高" or "名称|权重|优秀=10,良好=8".</param>
/// <param name="Rule">Mean or TrimmedMean.</param>
public sealed record MeetingRubricRequest(string? Name, string? Text, string? Rule, decimal? FlagSpread);

/// <summary>
/// 课程开发 through the API (#20): /api/v1/course-agreements, /api/v1/courses (with the library) and
/// /api/v1/course-meetings, one route group each. Agreements and courses are the organizers' (ManageCohorts, declared on
/// the group; within it each organizer sees what their unit owns). A meeting is open to any signed-in user and answered by
/// the store's standing: its organizer, a member of its panel, or 404 for anyone else (as the pages). Every call goes through
/// <see cref="CourseStore"/> and <see cref="MeetingStore"/> — the methods the pages call — so a refusal is the same
/// rule and writes nothing. No user names are given out (members by display name).
/// </summary>
public static class CoursesApi
{
    public static RouteGroupBuilder MapCoursesApi(this RouteGroupBuilder api)
    {
        var a = api.MapGroup("/course-agreements").WithTags("Courses").RequireAuthorization(Policies.ManageCohorts);
        a.MapGet("/", Agreements).WithSummary("The agreements (合作协议) of the units the organizer manages, with how many courses were developed under each.");
        a.MapGet("/{agreementId:long}", Agreement).WithSummary("One agreement.");
        a.MapPost("/", CreateAgreement).WithSummary("A new agreement: {ownerUnitId, partnerUnitId, title, signedOn, startsOn, endsOn, scope}. 201.");
        a.MapPut("/{agreementId:long}", UpdateAgreement)
            .WithSummary("Edits an agreement: {partnerUnitId, title, signedOn, startsOn, endsOn, scope} (the organizing unit stays). 409 when the partner changes after a course was heard.");
        a.MapDelete("/{agreementId:long}", DeleteAgreement).WithSummary("Deletes an agreement. 409 while courses were developed under it.");

        var k = api.MapGroup("/courses").WithTags("Courses").RequireAuthorization(Policies.ManageCohorts);
        k.MapGet("/", Courses).WithSummary("The course proposals and courses the organizer manages; ?status=draft|accepted|rejected.");
        k.MapGet("/library", Library).WithSummary("The course library (课程库): accepted courses with their accepted version's fields, partner and times taught.");
        k.MapGet("/{courseId:long}", Course).WithSummary("A course with every version (fields per version) and where it went (meetings that heard it, sessions taught from it).");

        var m = api.MapGroup("/course-meetings").WithTags("Courses").RequireAuthorization();
        m.MapGet("/", Meetings).WithSummary("The review meetings (评审会) the caller organizes or sits on.");
        m.MapGet("/{meetingId:long}", Meeting)
            .WithSummary("A meeting with its current rubric and the agenda of trial lectures: the organizer gets the panel, every score and the panel's result; a member their own scores. 404 for anyone else.");
        m.MapGet("/{meetingId:long}/todo", Todo)
            .WithSummary("A member's to-do: each lecture, whether it can be scored now and why not, a conflict (the member's institution developed it) known up front, and the member's own score.");
        m.MapPut("/{meetingId:long}/lectures/{lectureId:long}/score", Score)
            .WithSummary("A member saves (submits, or replaces) their score of a lecture: {values, opinion}, on the current rubric. " +
                         "404: not the meeting's member; 403: the member's institution developed the course; 409: before the lecture or after the close; 422: a value missing or off its scale.");
        m.MapPut("/{meetingId:long}/rubric", Rubric)
            .WithSummary("The organizer changes the rubric: {name, text, rule, flagSpread}. In place before any score; a new version once scoring started (older scores keep theirs and are left out).");
        return api;
    }

    private static ProblemHttpResult Refused(Texts texts, Error e) => e.Code switch
    {
        "Course.UnknownAgreement" or "Course.NotFound" or "Course.MeetingNotFound" or "Course.LectureNotFound" or "Course.NotMember" => Problems.NotFound(texts.Error(e)),
        "Course.PartnerConflict" or "Course.NotOrganizer" => Problems.Rule(texts, e, 403),
        "Course.AgreementHasCourses" or "Course.PartnerHeard" or "Course.LectureNotStarted" or "Course.MeetingClosed" => Problems.Rule(texts, e, 409),
        _ => Problems.Rule(texts, e),
    };

    // ---------------------------------------------------------------- agreements

    private static async Task<IResult> Agreements(HttpContext http, CourseStore store) =>
        TypedResults.Ok((await store.AgreementsAsync(http.Me())).Select(AgreementDto.Of).ToList());

    private static async Task<IResult> Agreement(long agreementId, HttpContext http, CourseStore store) =>
        await store.AgreementAsync(http.Me(), agreementId) is { } a ? TypedResults.Ok(AgreementDto.Of(a)) : Problems.NotFound();

    private static async Task<IResult> CreateAgreement(AgreementRequest? body, HttpContext http, CourseStore store, Texts texts)
    {
        var v = new Validation().Require("ownerUnitId", body?.OwnerUnitId).Require("partnerUnitId", body?.PartnerUnitId);
        if (!v.Ok) return v.Problem();
        var r = await store.CreateAgreementAsync(http.Me(), new NewAgreement(body!.OwnerUnitId!.Value, body.PartnerUnitId!.Value, body.Title ?? "", body.SignedOn, body.StartsOn, body.EndsOn, body.Scope));
        if (!r.IsOk) return Refused(texts, r.Error!);
        return TypedResults.Created($"/api/v1/course-agreements/{r.Value}", AgreementDto.Of((await store.AgreementAsync(http.Me(), r.Value))!));
    }

    private static async Task<IResult> UpdateAgreement(long agreementId, AgreementRequest? body, HttpContext http, CourseStore store, Texts texts)
    {
        if (await store.AgreementAsync(http.Me(), agreementId) is not { } old) return Problems.NotFound();
        var r = await store.UpdateAgreementAsync(http.Me(), agreementId,
            new AgreementEdit(body?.PartnerUnitId ?? old.PartnerUnitId, body?.Title ?? "", body?.SignedOn, body?.StartsOn, body?.EndsOn, body?.Scope));
        return r.IsOk ? TypedResults.Ok(AgreementDto.Of((await store.AgreementAsync(http.Me(), agreementId))!)) : Refused(texts, r.Error!);
    }

    private static async Task<IResult> DeleteAgreement(long agreementId, HttpContext http, CourseStore store, Texts texts)
    {
        var r = await store.DeleteAgreementAsync(http.Me(), agreementId);
        return r.IsOk ? TypedResults.NoContent() : Refused(texts, r.Error!);
    }

    // ---------------------------------------------------------------- courses and the library

    private static async Task<IResult> Courses(string? status, HttpContext http, CourseStore store)
    {
        if (status is not null && (!Enum.TryParse<CourseStatus>(status, true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(status.Trim().FirstOrDefault()))) return Problems.Invalid("status", Texts.Of("Problem.Invalid"));
        return TypedResults.Ok((await store.CoursesAsync(http.Me(), status?.ToLowerInvariant())).Select(CourseDto.Of).ToList());
    }

    private static async Task<IResult> Library(HttpContext http, CourseStore store) => TypedResults.Ok(await store.LibraryAsync(http.Me()));

    private static async Task<IResult> Course(long courseId, HttpContext http, CourseStore store) =>
        await store.CourseAsync(http.Me(), courseId) is { } k
            ? TypedResults.Ok(new CourseDetailDto(CourseDto.Of(k), await store.VersionsAsync(courseId), await store.UsesAsync(courseId)))
            : Problems.NotFound();

    // ---------------------------------------------------------------- meetings

    private static async Task<IResult> Meetings(HttpContext http, MeetingStore store, TimeProvider clock) =>
        TypedResults.Ok((await store.MeetingsAsync(http.Me())).Select(x => MeetingDto.Of(x, clock.GetUtcNow())).ToList());

    private static async Task<IResult> Meeting(long meetingId, HttpContext http, MeetingStore store, TimeProvider clock)
    {
        var me = http.Me();
        if (await store.ContextAsync(me, meetingId) is not { } ctx) return Problems.NotFound();
        var (meeting, organizer, member) = ctx;
        var rubric = meeting.RubricValue;
        var members = organizer ? (await store.MembersAsync(meetingId)).Select(x => new PanelMemberDto(x.UserId, x.DisplayName, x.Role, x.Unit)).ToList() : [];
        var agenda = (await store.ResultsAsync(meeting)).Select(r =>
        {
            var l = r.Lecture;
            var scores = r.Scores.Where(s => organizer || s.UserId == me.Id).Select(MeetingScoreDto.Of).ToList();
            return new AgendaItemDto(l.Id, l.CourseId, l.Course, l.Topic, l.VersionNumber, l.StartsAt, l.EndsAt, l.Presenter, l.Opinion, l.Decision, l.Checker,
                l.PartnerUnit, organizer ? r.Panel : null, scores);
        }).ToList();
        return TypedResults.Ok(new MeetingDetailDto(MeetingDto.Of(meeting, clock.GetUtcNow()), ReviewJson.Body(rubric), CourseRules.IsSample(rubric),
            organizer ? "organizer" : "member", member?.Role, members, agenda));
    }

    private static async Task<IResult> Todo(long meetingId, HttpContext http, MeetingStore store, Texts texts)
    {
        if (await store.ContextAsync(http.Me(), meetingId) is not { Member: not null }) return Problems.NotFound();
        return TypedResults.Ok((await store.TodoAsync(http.Me(), meetingId)).Select(t => new MeetingTodoDto(t.Lecture.Id, t.Lecture.Course, t.Lecture.StartsAt, t.Lecture.EndsAt,
            t.CanScore, t.Refusal?.Code, t.Refusal is null ? null : texts.Error(t.Refusal), t.Conflict?.Code, t.Conflict is null ? null : texts.Error(t.Conflict),
            t.Mine is null ? null : MeetingScoreDto.Of(t.Mine))).ToList());
    }

    private static async Task<IResult> Score(long meetingId, long lectureId, MeetingScoreRequest? body, HttpContext http, MeetingStore store, Texts texts)
    {
        var me = http.Me();
        if (await store.ContextAsync(me, meetingId) is null) return Problems.NotFound();
        var r = await store.ScoreAsync(me, meetingId, lectureId, body?.Values ?? [], body?.Opinion);
        if (!r.IsOk) return Refused(texts, r.Error!);
        var mine = (await store.ScoresAsync(meetingId)).Single(s => s.LectureId == lectureId && s.UserId == me.Id);
        return TypedResults.Ok(MeetingScoreDto.Of(mine));
    }

    private static async Task<IResult> Rubric(long meetingId, MeetingRubricRequest? body, HttpContext http, MeetingStore store, Texts texts)
    {
        if (await store.ContextAsync(http.Me(), meetingId) is not { } ctx) return Problems.NotFound();
        var current = ctx.Meeting.RubricValue;
        var rule = current.Rule;
        if (body?.Rule is { } text && (!Enum.TryParse(text, true, out rule) || !Enum.IsDefined(rule))) return Problems.Invalid("rule", Texts.Of("Problem.Invalid"));
        var r = await store.EditRubricAsync(http.Me(), meetingId, body?.Name, body?.Text, rule, body?.FlagSpread ?? current.FlagSpread);
        if (!r.IsOk) return Refused(texts, r.Error!);
        return TypedResults.Ok(ReviewJson.Body((await store.RubricVersionsAsync(meetingId)).Last()));
    }
}
