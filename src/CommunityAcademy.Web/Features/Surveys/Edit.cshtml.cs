using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Timetable;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Surveys;

/// <summary>
/// The builder of one survey (organizers): its questions and times; hosts' personal links (shown once, with their QR
/// code), listed with their state, withdrawn or issued anew after a question (the old token stops working); the public link and its QR code; copy to another class as a template (keys kept); delete, which asks first.
/// </summary>
[Authorize(Policy = Policies.ManageCohorts)]
public sealed class EditModel(IAuthorizationService auth, CohortStore cohorts, SurveyStore surveys, SurveyResults results, TeachingPointStore points,
    PublicLinks links, Texts texts, TimeProvider clock) : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long SurveyId { get; set; }
    [BindProperty(SupportsGet = true, Name = "confirm")] public string? Confirm { get; set; }
    public CohortRow? Cohort { get; private set; }
    public SurveyDto? Survey { get; private set; }
    public long Answers { get; private set; }
    public IReadOnlyList<SurveyHostDto> Hosts { get; private set; } = [];
    public IReadOnlyList<(long Id, string Name)> Points { get; private set; } = [];
    public IReadOnlyList<(long Id, string Title)> Targets { get; private set; } = [];
    public string? PublicLink { get; private set; }
    /// <summary>A host link just made: shown once (only its hash is kept).</summary>
    public string? NewHostLink { get; private set; }
    [BindProperty] public SurveyInput Input { get; set; } = new();
    [BindProperty] public string? HostName { get; set; }
    [BindProperty] public long? TeachingPointId { get; set; }
    [BindProperty] public string? HostExpires { get; set; }
    [BindProperty] public long? Target { get; set; }
    /// <summary>The host link a question (revoke, re-issue) or its post is about.</summary>
    [BindProperty(SupportsGet = true, Name = "host")] public long? HostId { get; set; }
    /// <summary>The host link asked about (<see cref="Confirm"/> revoke or reissue), when it is this survey's.</summary>
    public SurveyHostDto? AskedHost => Confirm is "revoke" or "reissue" ? Hosts.FirstOrDefault(h => h.Id == HostId) : null;
    public DateTimeOffset Now => clock.GetUtcNow();

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        Survey = Cohort is null ? null : await surveys.GetAsync(Id, SurveyId);
        if (Survey is null) return;
        Answers = await results.CountAsync(SurveyId);
        Hosts = await surveys.HostsAsync(SurveyId);
        Points = (await points.ListAsync()).Select(p => (p.Id, p.Name)).ToList();
        Targets = await surveys.CopyTargetsAsync(Id);
        PublicLink = Survey.PublicToken is { } t ? links.Link(Request, "/Surveys/Public/" + t) : null;
        HostExpires ??= SurveyInput.Local(clock.GetUtcNow().AddDays(14), Cohort!.TimeZone);
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        await LoadAsync();
        if (Survey is null) return NotFound();
        Input = SurveyInput.From(Survey, Cohort!.TimeZone);
        return Page();
    }

    private async Task<IActionResult> Refused(Error e)
    {
        Error = texts.Error(e);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Survey is null ? NotFound() : Page();
    }

    public Task<IActionResult> OnPostSaveAsync() => Manage(async () =>
    {
        if (await cohorts.FindAsync(Id) is not { } cohort) return texts.Error(new Error("Survey.NotFound"));
        var made = Input.ToNew(cohort.TimeZone);
        var r = made.IsOk ? await surveys.UpdateAsync(HttpContext.Me(), Id, SurveyId, made.Value!) : made.Error!;
        return r.IsOk ? Done(texts["Surveys.Saved"]) : texts.Error(r.Error!);
    });

    public async Task<IActionResult> OnPostHostAsync()
    {
        if (!await AuthorizedAsync()) return Forbid();
        if (await cohorts.FindAsync(Id) is not { } cohort) return NotFound();
        var expires = SurveyInput.Instant(HostExpires, cohort.TimeZone);
        if (!expires.IsOk || expires.Value is null) return await Refused(expires.Error ?? new Error("Survey.BadTime", HostExpires ?? ""));
        var r = await surveys.AddHostAsync(HttpContext.Me(), Id, SurveyId, HostName, TeachingPointId, expires.Value.Value);
        if (!r.IsOk) return await Refused(r.Error!);
        return await ShowNewLinkAsync(r.Value!);
    }

    /// <summary>Withdraws a host's link after the question (<c>?confirm=revoke&amp;host=…</c>); post-redirect-get with the message.</summary>
    public Task<IActionResult> OnPostRevokeAsync() => Manage(async () =>
    {
        var name = (await surveys.HostsAsync(SurveyId)).FirstOrDefault(h => h.Id == HostId)?.Name ?? "";
        var r = HostId is { } id ? await surveys.RevokeHostAsync(HttpContext.Me(), Id, SurveyId, id) : new Error("Survey.HostNotFound");
        return r.IsOk ? Done(texts["Surveys.HostRevoked", name]) : texts.Error(r.Error!);
    });

    /// <summary>A new token for a host's link after the question (<c>?confirm=reissue&amp;host=…</c>): the old link stops working, the new one is shown once.</summary>
    public async Task<IActionResult> OnPostReissueAsync()
    {
        if (!await AuthorizedAsync()) return Forbid();
        if (await cohorts.FindAsync(Id) is not { } cohort) return NotFound();
        if (HostId is not { } hostId) return await Refused(new Error("Survey.HostNotFound"));
        var expires = SurveyInput.Instant(HostExpires, cohort.TimeZone);
        if (!expires.IsOk || expires.Value is null) return await Refused(expires.Error ?? new Error("Survey.BadTime", HostExpires ?? ""));
        var r = await surveys.ReissueHostAsync(HttpContext.Me(), Id, SurveyId, hostId, expires.Value.Value);
        if (!r.IsOk) return await Refused(r.Error!);
        return await ShowNewLinkAsync(r.Value!);
    }

    /// <summary>The page with a link just made or re-issued, shown this once (only its hash is kept).</summary>
    private async Task<IActionResult> ShowNewLinkAsync(string token)
    {
        Confirm = null;
        HostExpires = null;
        await LoadAsync();
        NewHostLink = links.Link(Request, "/Surveys/Host/" + token);
        if (NewHostLink is null) Error = texts["Web.NoPublicAddress", Request.Host.Host];
        Input = SurveyInput.From(Survey!, Cohort!.TimeZone);
        HostName = null;
        return Page();
    }


    public async Task<IActionResult> OnPostCopyAsync()
    {
        if (!await AuthorizedAsync()) return Forbid();
        var me = HttpContext.Me();
        if (Target is not { } to || !await cohorts.CanSeeAsync(me, to)) return await Refused(new Error("Survey.NoTarget"));
        var r = await surveys.CopyAsync(me, Id, SurveyId, to);
        return r.IsOk ? Redirect($"{Request.PathBase}/Surveys/Edit/{to}/{r.Value}") : await Refused(r.Error!);
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (!await AuthorizedAsync()) return Forbid();
        var r = await surveys.DeleteAsync(HttpContext.Me(), Id, SurveyId);
        return r.IsOk ? Redirect($"{Request.PathBase}/Surveys/{Id}") : await Refused(r.Error!);
    }
}
