using CommunityAcademy.Domain;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Surveys;

/// <summary>A signed-in person answers a survey of their class on the phone (trainee, instructor or staff, as the survey asks), named or anonymous.</summary>
[Authorize]
public sealed class AnswerModel(SurveyStore surveys, SurveyAnswers answers, Texts texts) : AnswerPage(surveys, answers, texts)
{
    [FromRoute] public long Id { get; set; }
    [FromRoute] public long SurveyId { get; set; }

    protected override async Task<Respondent?> RespondentAsync()
    {
        Survey = await surveys.GetAsync(Id, SurveyId);
        if (Survey is null) return null;
        var me = HttpContext.Me();
        if (await answers.AudienceOfAsync(me, Survey) is not { } audience) { Closed = texts.Error(new Error("Survey.NotForYou")); return null; }
        return new Respondent(audience, UserId: me.Id);
    }
}
