using System.Globalization;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Scenes;

/// <summary>
/// /Scenes/Observe/{id}: scene behaviour (场景行为, #25 point 3) recorded on a phone by a three-person team of a class's
/// groups (<see cref="Domain.Scenes.ObservationTeam"/>: the recorder a member of a team of a class's 三人小组 grouping, of a
/// team's size; anyone else is refused with the reason): when (北京时间), where, how many people doing what.
/// </summary>
public sealed class ObserveModel(UnitStore units, Texts texts, SceneStore scenes, ObservationStore observations) : ScenePageModel(units, texts)
{
    [FromRoute] public long Id { get; set; }
    public SceneRow Scene { get; private set; } = null!;
    public IReadOnlyList<TeamChoice> Teams { get; private set; } = [];
    public ObservationSummary Summary { get; private set; } = new(0, 0, []);
    [BindProperty] public long GroupId { get; set; }
    [BindProperty] public string? At { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public int People { get; set; }
    [BindProperty] public string? Activity { get; set; }

    private async Task<IActionResult?> LoadAsync()
    {
        await SeesScenesAsync();
        Teams = await observations.TeamsAsync(Me.Id);
        var s = await scenes.FindAsync(Id);
        if (s is null) return NotFound();
        if (Teams.Count == 0 && !SceneAccess.MaySee(Tree, Me, s.UnitId)) return SceneAccess.MaySeeAny(Me) ? NotFound() : Forbid();
        Scene = s;
        Summary = await observations.SummaryAsync(Id);
        return null;
    }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await LoadAsync() is { } stop) return stop;
        DateTimeOffset? at = null;
        if (!string.IsNullOrWhiteSpace(At))
        {
            if (!DateTime.TryParseExact(At, ["yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                return Refused(new Domain.Error("Scenes.BadTime"));
            at = new DateTimeOffset(local, TimeSpan.FromHours(8));
        }
        var r = await observations.RecordAsync(Id, GroupId, Me.Id, at, Place, People, Activity);
        return r.IsOk ? Done(Texts["Scenes.Observed"]) : Refused(r.Error!);
    }
}
