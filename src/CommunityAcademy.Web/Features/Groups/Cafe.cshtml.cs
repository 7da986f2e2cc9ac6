using CommunityAcademy.Domain;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Groups;

/// <summary>
/// 世界咖啡 of a session (#16 point 2), the organizer's page: tables (question, host, place), rounds and their length,
/// who takes part (present, late, absent), "生成轮换" (a POST: the search takes about a second), the plan as a grid with
/// its figures beside their bounds, another seed, a swap by hand, rounds marked as played and the rounds not yet played
/// regenerated. Regenerating over a swap by hand and deleting ask first (?confirm=…). Mentors and other staff read.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class CafeModel(IAuthorizationService auth, CohortStore cohorts, CafeStore cafes, Texts texts)
    : ManagedPageModel(auth, GroupsApi.EditPolicy)
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long SessionId { get; set; }
    public CohortRow? Cohort { get; private set; }
    public string? SessionTitle { get; private set; }
    public CafeDto? Cafe { get; private set; }
    public string? Confirm { get; private set; }

    [BindProperty] public int? Tables { get; set; } = 5;
    [BindProperty] public int? Rounds { get; set; } = 5;
    [BindProperty] public int? Minutes { get; set; } = 20;
    [BindProperty] public List<long> TableId { get; set; } = [];
    [BindProperty] public List<string?> Question { get; set; } = [];
    [BindProperty] public List<long?> Host { get; set; } = [];
    [BindProperty] public List<string?> Place { get; set; } = [];
    [BindProperty] public List<long> Person { get; set; } = [];
    [BindProperty] public List<string> Status { get; set; } = [];
    [BindProperty] public int? Round { get; set; }
    [BindProperty] public long? A { get; set; }
    [BindProperty] public long? B { get; set; }
    [BindProperty] public int? Played { get; set; }
    [BindProperty] public bool Another { get; set; }
    [BindProperty] public bool Confirmed { get; set; }

    public bool Editable => CanManage && Cohort is { IsArchived: false };

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        if (Cohort is null) return;
        SessionTitle = await cafes.SessionTitleAsync(Id, SessionId);
        Cafe = SessionTitle is null ? null : await cafes.FindAsync(Id, SessionId);
    }

    public async Task<IActionResult> OnGetAsync(string? confirm)
    {
        await AuthorizedAsync();
        await LoadAsync();
        if (SessionTitle is null) return NotFound();
        if (Editable && Cafe is not null && confirm is "delete" or "reseed" or "regenerate") Confirm = confirm;
        return Page();
    }

    public Task<IActionResult> OnPostCreateAsync() => Manage(async () =>
    {
        var r = await cafes.CreateAsync(HttpContext.Me(), Id, SessionId, Tables ?? 0, Rounds ?? 0, Minutes ?? 0);
        return r.IsOk ? Done(texts["Cafe.Created"]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostSetUpAsync() => Manage(async () =>
    {
        var tables = TableId.Select((t, i) => new CafeTableInput(t, Question.ElementAtOrDefault(i), Host.ElementAtOrDefault(i), Place.ElementAtOrDefault(i))).ToList();
        var r = await cafes.SetUpAsync(HttpContext.Me(), Id, SessionId, Rounds ?? 0, Minutes ?? 0, tables);
        return r.IsOk ? Done(texts[r.Value ? "Cafe.SavedPlanDropped" : "Cafe.Saved"]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostPeopleAsync() => Manage(async () =>
    {
        var statuses = new Dictionary<long, string>();
        for (var i = 0; i < Person.Count && i < Status.Count; i++) statuses[Person[i]] = Status[i];
        var r = await cafes.SetPeopleAsync(HttpContext.Me(), Id, SessionId, statuses);
        return r.IsOk ? Done(texts["Cafe.PeopleSaved", r.Value]) : texts.Error(r.Error!);
    });

    /// <summary>生成轮换, or with Another: 换一个种子重新生成 (the next seed).</summary>
    public Task<IActionResult> OnPostGenerateAsync() => Manage(async () =>
    {
        var cafe = await cafes.FindAsync(Id, SessionId);
        if (cafe is null) return texts["Error.Cafe.NoCafe"];
        var r = await cafes.GenerateAsync(HttpContext.Me(), Id, SessionId, Another ? cafe.Seed + 1 : null, Confirmed);
        return r.IsOk ? Done(texts["Cafe.Generated", r.Value!.Seed]) : texts.Error(r.Error!);
    });

    /// <summary>重新生成未进行的轮次: the played rounds kept, the others planned for the people present, with the same seed.</summary>
    public Task<IActionResult> OnPostRegenerateAsync() => Manage(async () =>
    {
        var r = await cafes.GenerateAsync(HttpContext.Me(), Id, SessionId, null, Confirmed);
        return r.IsOk ? Done(texts["Cafe.Regenerated", r.Value!.PlayedRounds]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostSwapAsync() => Manage(async () =>
    {
        if (Round is not { } round || A is not { } a || B is not { } b) return texts["Error.Cafe.SwapChoose"];
        var r = await cafes.SwapAsync(HttpContext.Me(), Id, SessionId, round, a, b);
        return r.IsOk ? Done(texts["Cafe.Swapped", round]) : texts.Error(r.Error!);
    });

    public Task<IActionResult> OnPostPlayedAsync() => Manage(async () =>
    {
        var r = await cafes.SetPlayedAsync(HttpContext.Me(), Id, SessionId, Played ?? -1);
        return r.IsOk ? Done(texts["Cafe.PlayedSaved", Played ?? 0]) : texts.Error(r.Error!);
    });

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (!await AuthorizedAsync()) return Forbid();
        return await cafes.DeleteAsync(HttpContext.Me(), Id, SessionId) ? Redirect($"{Request.PathBase}/Groups/{Id}") : NotFound();
    }
}
