using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Timetable;
using CommunityAcademy.Web.Features.Cohorts;

namespace CommunityAcademy.Web.Features.Timetable;

/// <summary>
/// A session as typed (API body, page form, spreadsheet row): text and ids, nothing checked yet. Times are
/// strings so that a bad one is reported against its field instead of failing the whole body.
/// </summary>
public sealed record SessionDraft
{
    /// <summary>yyyy-MM-dd, in the class's time zone (or <see cref="TimeZone"/>).</summary>
    public string? Date { get; init; }
    /// <summary>HH:mm.</summary>
    public string? Start { get; init; }
    /// <summary>HH:mm; before the start only with <see cref="PastMidnight"/>.</summary>
    public string? End { get; init; }
    /// <summary>The end is on the next day.</summary>
    public bool? PastMidnight { get; init; }
    /// <summary>IANA zone the date and times are written in; default the class's zone.</summary>
    public string? TimeZone { get; init; }
    public string? Title { get; init; }
    /// <summary>Session type code (lecture) or Chinese name (专题讲授).</summary>
    public string? Type { get; init; }
    /// <summary>Workshop method code (world_cafe) or name (世界咖啡); workshops only.</summary>
    public string? Method { get; init; }
    public IReadOnlyList<long>? InstructorIds { get; init; }
    public IReadOnlyList<long>? TeamIds { get; init; }
    /// <summary>The 授课专家 label as printed ("陈伟东等", "领导讲话"); default the people's names.</summary>
    public string? Instructors { get; init; }
    public string? Venue { get; init; }
    public long? TeachingPointId { get; init; }
    public long? SceneId { get; init; }
    /// <summary>Default true.</summary>
    public bool? SignInRequired { get; init; }
    /// <summary>学时 credited; default from the duration (45 minutes a 学时).</summary>
    public decimal? StudyHours { get; init; }
    /// <summary>Link of an online live course.</summary>
    public string? OnlineLink { get; init; }
    /// <summary>Material of an online case (text or a link).</summary>
    public string? Material { get; init; }
}

/// <summary>A session that passed every check, ready to store.</summary>
public sealed record SessionData(
    SessionTimes Times, string Title, SessionTypeRow Type, string? Method, IReadOnlyList<long> InstructorIds, IReadOnlyList<long> TeamIds,
    string InstructorsLabel, string? Venue, long? TeachingPointId, long? SceneId, bool SignInRequired, decimal? StudyHours,
    string? OnlineLink, string? Material);

/// <summary>What a session may refer to.</summary>
public sealed record SessionCatalog(
    IReadOnlyList<SessionTypeRow> Types, IReadOnlyList<WorkshopMethodRow> Methods, IReadOnlyList<InstructorRow> Instructors,
    IReadOnlyList<TeamRow> Teams, IReadOnlyList<TeachingPointRow> TeachingPoints)
{
    public SessionTypeRow? Type(string? text) => CatalogStore.Find(Types, text, t => t.Code, t => t.Name);
    public WorkshopMethodRow? Method(string? text) => CatalogStore.Find(Methods, text, m => m.Code, m => m.Name);
    public IEnumerable<SceneRow> Scenes => TeachingPoints.SelectMany(p => p.Scenes);
}

/// <summary>Checks a draft against the class and the catalog; reports every bad field.</summary>
public static class SessionValidator
{
    public const int MaxTitle = 200, MaxLabel = 200, MaxVenue = 200, MaxLink = 500, MaxMaterial = 2000;

    public static Result<SessionData> Validate(SessionDraft d, CohortRow cohort, SessionCatalog catalog, out IReadOnlyList<FieldError> errors)
    {
        var days = new ClassDays(cohort.StartDate, cohort.EndDate, cohort.TimeZone);
        var times = SessionClock.Resolve(new SessionTimeInput(d.Date, d.Start, d.End, d.PastMidnight ?? false, d.TimeZone), days, out var timeErrors);
        var list = new List<FieldError>(timeErrors);
        errors = list;
        void bad(string field, string code, params object[] args) => list.Add(new FieldError(field, new Error(code, args)));

        var title = d.Title?.Trim() ?? "";
        if (title.Length == 0) bad("title", "Timetable.TitleRequired");
        else if (title.Length > MaxTitle) bad("title", "Timetable.TooLong", MaxTitle);

        var type = catalog.Type(d.Type);
        if (string.IsNullOrWhiteSpace(d.Type)) bad("type", "Timetable.TypeRequired");
        else if (type is null) bad("type", "Timetable.UnknownType", d.Type.Trim());

        string? method = null;
        if (!string.IsNullOrWhiteSpace(d.Method))
        {
            var m = catalog.Method(d.Method);
            if (m is null) bad("method", "Timetable.UnknownMethod", d.Method.Trim());
            else if (type is not null && !type.HasMethod) bad("method", "Timetable.MethodNotForType", m.Name, type.Name);
            else method = m.Code;
        }

        var instructorIds = (d.InstructorIds ?? []).Distinct().ToList();
        var knownInstructors = catalog.Instructors.Select(i => i.Id).ToHashSet();
        for (var i = 0; i < (d.InstructorIds?.Count ?? 0); i++)
            if (!knownInstructors.Contains(d.InstructorIds![i])) bad($"instructorIds[{i}]", "Timetable.UnknownInstructor", d.InstructorIds[i]);
        var teamIds = (d.TeamIds ?? []).Distinct().ToList();
        var knownTeams = catalog.Teams.Select(t => t.Id).ToHashSet();
        for (var i = 0; i < (d.TeamIds?.Count ?? 0); i++)
            if (!knownTeams.Contains(d.TeamIds![i])) bad($"teamIds[{i}]", "Timetable.UnknownTeam", d.TeamIds[i]);

        var label = d.Instructors?.Trim() ?? "";
        if (label.Length > MaxLabel) bad("instructors", "Timetable.TooLong", MaxLabel);
        var venue = string.IsNullOrWhiteSpace(d.Venue) ? null : d.Venue.Trim();
        if (venue?.Length > MaxVenue) bad("venue", "Timetable.TooLong", MaxVenue);

        var tpId = d.TeachingPointId;
        if (tpId is { } tp && catalog.TeachingPoints.All(p => p.Id != tp)) bad("teachingPointId", "Timetable.UnknownTeachingPoint", tp);
        if (d.SceneId is { } sceneId)
        {
            var scene = catalog.Scenes.FirstOrDefault(s => s.Id == sceneId);
            if (scene is null) bad("sceneId", "Timetable.UnknownScene", sceneId);
            else if (tpId is { } t && scene.TeachingPointId != t && catalog.TeachingPoints.Any(p => p.Id == t))
                bad("sceneId", "Timetable.SceneNotAtTeachingPoint", scene.Name, catalog.TeachingPoints.First(p => p.Id == t).Name);
            else tpId = scene.TeachingPointId; // a scene says where it is
        }

        if (d.StudyHours is { } hours && StudyHours.Check(hours) is { } he) list.Add(new FieldError("studyHours", he));

        // Checked as typed: a line break in a link would add lines to the .ics (and any file) that carries it.
        if (WebLinks.Check(d.OnlineLink, MaxLink, "Timetable.BadLink") is { } le) list.Add(new FieldError("onlineLink", le));
        var link = string.IsNullOrWhiteSpace(d.OnlineLink) ? null : d.OnlineLink.Trim();
        var material = string.IsNullOrWhiteSpace(d.Material) ? null : d.Material.Trim();
        if (material?.Length > MaxMaterial) bad("material", "Timetable.TooLong", MaxMaterial);

        if (list.Count > 0) return new Error("Timetable.Invalid");
        return Result<SessionData>.Ok(new SessionData(times.Value!, title, type!, method, instructorIds, teamIds, label, venue, tpId,
            d.SceneId, d.SignInRequired ?? true, d.StudyHours, link, material));
    }
}
