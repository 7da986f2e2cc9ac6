using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CommunityAcademy.Web.Features.Surveys;

/// <summary>
/// The public anonymous link (a QR code on a poster): anyone answers without an account. One answer per device
/// (PublicForms' device cookie); a second one is kept, flagged duplicate and left out of the counts; posts are burst-limited.
/// No autosave here: the burst limit counts every post.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(PublicForms.RateLimit)]
public sealed class PublicModel(SurveyStore surveys, SurveyAnswers answers, Texts texts) : AnswerPage(surveys, answers, texts)
{
    [FromRoute] public string Token { get; set; } = "";
    public override bool Autosaves => false;

    protected override async Task<Respondent?> RespondentAsync()
    {
        Survey = await surveys.ByPublicTokenAsync(Token);
        if (Survey is null || !Survey.Asks(Audience.Public)) { Survey = null; return null; }
        return new Respondent(Audience.Public, DeviceKey: PublicForms.DeviceKey(HttpContext));
    }
}
