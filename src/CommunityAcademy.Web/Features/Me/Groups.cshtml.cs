using CommunityAcademy.Web.Features.Groups;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Me;

/// <summary>我的小组 (#16 point 1): my groups of a class on the phone — grouping, group, place, leader, mentors, the others' names.</summary>
public sealed class GroupsModel(MyTraining training, GroupStore groups, CafeStore cafes) : MyPage(training)
{
    public IReadOnlyList<MyGroupDto>? Groups { get; private set; }
    /// <summary>My World Café itineraries (#16 point 2).</summary>
    public IReadOnlyList<MyCafeDto> Cafes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long? id)
    {
        if (await FindAsync(id) is { } answer) return answer;
        Groups = await groups.MineAsync(Mine.Cohort.Id, Mine.EnrollmentId);
        Cafes = await cafes.MineAsync(Mine.Cohort.Id, Mine.EnrollmentId);
        return Page();
    }
}
