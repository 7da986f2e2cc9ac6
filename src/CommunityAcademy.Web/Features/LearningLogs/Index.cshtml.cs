using System.Globalization;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CommunityAcademy.Web.Features.LearningLogs;

/// <summary>
/// 学员日志 of a class (#23 point 1) for its head teacher or organizer: every entry, filtered by day, trainee and unit (or
/// only the marked-good ones); a comment on each (the trainee reads it on the phone); 精选 marked and taken back (audited).
/// The filter stays in the address, so a comment or a mark comes back to the same list.
/// </summary>
[Authorize(Policy = Policies.TakeAttendance)]
public sealed class IndexModel(CohortStore cohorts, LearningLogStore logs, Texts texts) : PageModel
{
    private const string DoneKey = "ca.done";

    [FromRoute] public long Id { get; set; }
    [FromQuery(Name = "day")] public string? DayText { get; set; }
    [FromQuery(Name = "trainee")] public long? Trainee { get; set; }
    [FromQuery(Name = "unit")] public long? Unit { get; set; }
    [FromQuery(Name = "featured")] public bool FeaturedOnly { get; set; }
    [BindProperty] public long LogId { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public bool Featured { get; set; }

    public CohortRow Cohort { get; private set; } = null!;
    public IReadOnlyList<LogEntry> Entries { get; private set; } = [];
    /// <summary>Every entry of the class (unfiltered): the filter's choices of day, trainee and unit come from it.</summary>
    public IReadOnlyList<LogEntry> All { get; private set; } = [];
    public IReadOnlyDictionary<long, string> Titles { get; private set; } = new Dictionary<long, string>();
    public DateOnly? Day => DateOnly.TryParseExact(DayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        Message = TempData[DoneKey] as string;
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        if (await cohorts.FindVisibleAsync(HttpContext.Me(), Id) is not { } cohort) return false;
        Cohort = cohort;
        All = await logs.ListAsync(Id, new LogFilter());
        Entries = await logs.ListAsync(Id, new LogFilter(Day, Trainee, Unit, FeaturedOnly));
        Titles = (await logs.SessionsAsync(Id)).ToDictionary(s => s.Id, s => s.Title);
        return true;
    }

    /// <summary>This page's address with the filter kept.</summary>
    public string Here()
    {
        var q = new List<string>();
        if (Day is { } d) q.Add("day=" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (Trainee is { } t) q.Add("trainee=" + t);
        if (Unit is { } u) q.Add("unit=" + u);
        if (FeaturedOnly) q.Add("featured=true");
        return $"/LearningLogs/{Id}" + (q.Count > 0 ? "?" + string.Join("&", q) : "");
    }

    public Task<IActionResult> OnPostCommentAsync() => ChangeAsync(async () =>
    {
        var r = await logs.CommentAsync(HttpContext.Me(), Id, LogId, Comment);
        return r.IsOk ? (null, texts["Logs.Commented"]) : (r.Error!, null);
    });

    public Task<IActionResult> OnPostMarkAsync() => ChangeAsync(async () =>
    {
        var r = await logs.MarkAsync(HttpContext.Me(), Id, LogId, Featured);
        return r.IsOk ? (null, texts[Featured ? "Logs.MarkedGood" : "Logs.Unmarked"]) : (r.Error!, null);
    });

    private async Task<IActionResult> ChangeAsync(Func<Task<(Domain.Error? Error, string? Done)>> work)
    {
        if (await cohorts.FindVisibleAsync(HttpContext.Me(), Id) is null) return NotFound();
        var (error, done) = await work();
        if (error?.Code == "Logs.Unknown") return NotFound();
        if (error is null)
        {
            TempData[DoneKey] = done;
            return Redirect(Request.PathBase + Here());
        }
        Error = texts.Error(error);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }
}
