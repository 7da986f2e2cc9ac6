using CommunityAcademy.Domain;
using CommunityAcademy.Domain.OpenSpace;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.OpenSpace;

/// <summary>
/// 开放空间 of a session, for whoever runs it (organizers, head teachers): set it up (theme, slots, spaces), open or
/// close the marketplace, and place each topic in a slot × space with two selects and a button (a tablet: no dragging).
/// Anyone else is sent to the phone page.
/// </summary>
public sealed class IndexModel(IAuthorizationService auth, OpenSpaceStore store, Cohorts.CohortStore cohorts, Texts texts) : ManagedPageModel(auth, OpenSpaceApi.RunPolicy)
{
    [FromRoute] public long Id { get; set; }
    public OpenSpaceDto? View { get; private set; }
    public string SessionTitle { get; private set; } = "";
    public long CohortId { get; private set; }
    /// <summary>An archived class's Open Space is read here, not changed (its POSTs answer 409: ArchivedClassGuard).</summary>
    public bool Editable { get; private set; }

    [BindProperty] public string? Theme { get; set; }
    [BindProperty] public string? SlotsText { get; set; }
    [BindProperty] public string? SpacesText { get; set; }
    [BindProperty] public bool MarketplaceOpen { get; set; } = true;
    [BindProperty] public long TopicId { get; set; }
    [BindProperty] public long? SlotId { get; set; }
    [BindProperty] public long? SpaceId { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }

    protected override async Task LoadAsync()
    {
        View = await store.GetAsync(Id);
        Editable = CanManage && await cohorts.FindAsync(CohortId) is { IsArchived: false };
        SessionTitle = await store.SessionTitleAsync(Id) ?? "";
        if (View is not null && !Request.HasFormContentType)
        {
            Theme = View.Theme;
            SlotsText = string.Join("\n", View.Slots.Select(s => $"{s.Starts}-{s.Ends}"));
            SpacesText = string.Join("\n", View.Spaces.Select(s => s.Capacity is { } n ? $"{s.Name} {n}" : s.Name));
            MarketplaceOpen = View.MarketplaceOpen;
        }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await store.CallerAsync(Id, HttpContext.Me().Id) is not { } caller) return NotFound();
        CohortId = caller.CohortId;
        if (!await AuthorizedAsync()) return Redirect($"{Request.PathBase}/OpenSpace/Phone/{Id}");
        await LoadAsync();
        return Page();
    }

    private async Task<IActionResult> Run(Func<Task<string?>> work)
    {
        if (await store.CallerAsync(Id, HttpContext.Me().Id) is not { } caller) return NotFound();
        CohortId = caller.CohortId;
        return await Manage(work);
    }

    public Task<IActionResult> OnPostSetUpAsync() => Run(async () =>
    {
        var slots = new List<OpenSpaceSlot>();
        foreach (var line in Lines(SlotsText))
        {
            var r = OpenSpaceRules.ParseSlot(line);
            if (!r.IsOk) return texts.Error(r.Error!);
            slots.Add(r.Value);
        }
        var spaces = new List<OpenSpaceSpace>();
        foreach (var line in Lines(SpacesText))
        {
            var r = OpenSpaceRules.ParseSpace(line);
            if (!r.IsOk) return texts.Error(r.Error!);
            spaces.Add(r.Value);
        }
        var done = await store.SetUpAsync(HttpContext.Me(), Id, Theme, slots, spaces, MarketplaceOpen);
        return done.IsOk ? Done(texts["OpenSpace.Saved"]) : texts.Error(done.Error!);
    });

    public Task<IActionResult> OnPostMarketplaceAsync() => Run(async () =>
        await store.SetMarketplaceAsync(HttpContext.Me(), Id, MarketplaceOpen)
            ? Done(texts[MarketplaceOpen ? "OpenSpace.Opened" : "OpenSpace.Closed"]) : texts.Error(new Error("OpenSpace.None")));

    public Task<IActionResult> OnPostPlaceAsync() => Run(async () =>
    {
        var r = await store.PlaceAsync(HttpContext.Me(), Id, TopicId, SlotId, SpaceId);
        return r.IsOk ? Done(texts["OpenSpace.Placed"]) : texts.Error(r.Error!);
    });

    /// <summary>Staff post a topic someone called out in the circle (nobody convenes it until they record the notes).</summary>
    public Task<IActionResult> OnPostTopicAsync() => Run(async () =>
    {
        var r = await store.PostTopicAsync(HttpContext.Me(), Id, null, Title, Description);
        return r.IsOk ? Done(texts["OpenSpace.Posted"]) : texts.Error(r.Error!);
    });

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
