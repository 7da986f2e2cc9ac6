using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Me;

/// <summary>通知: what the class's notice tells a trainee — time, place, content and the rules (培训要求) — readable on a phone.
/// The Word notice with its attachments stays with the organizer (it carries every unit's places).</summary>
public sealed class NoticeModel(MyTraining training) : MyPage(training)
{
    public async Task<IActionResult> OnGetAsync(long? id) => await FindAsync(id) ?? Page();
}
