using CommunityAcademy.Web.Features.Scores;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Me;

/// <summary>我的成绩 (#19 point 2): my class score on the phone — each part, its weight and contribution, and why I am not
/// eligible when I am not.</summary>
public sealed class ScoreModel(MyTraining training, ClassScoreStore scores) : MyPage(training)
{
    public ExplainModel? Explain { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? id)
    {
        if (await FindAsync(id) is { } answer) return answer;
        var all = await scores.ScoresAsync(Mine.Cohort.Id);
        if (all.Rows.FirstOrDefault(r => r.EnrollmentId == Mine.EnrollmentId) is not { } mine) return NotFound();
        Explain = new ExplainModel(all, mine);
        return Page();
    }
}
