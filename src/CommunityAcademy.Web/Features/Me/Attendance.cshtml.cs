using CommunityAcademy.Web.Features.Attendance;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Me;

/// <summary>我的考勤: my status in each session (the console's derivation), marks with their reason, my 违纪记录 only.</summary>
public sealed class AttendanceModel(MyTraining training) : MyPage(training)
{
    public IReadOnlyList<MySession>? Sessions { get; private set; }
    public IReadOnlyList<DisciplineDto> Discipline { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long? id)
    {
        if (await FindAsync(id) is { } answer) return answer;
        Sessions = await Training.AttendanceAsync(Mine);
        Discipline = await Training.DisciplineAsync(Mine);
        return Page();
    }
}
