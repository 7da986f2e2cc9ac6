using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Surveys;

/// <summary>A teaching-point host (or another outsider) answers through their personal link, without an account; the link expires, and answers once.</summary>
[AllowAnonymous]
public sealed class HostModel(SurveyStore surveys, SurveyAnswers answers, Texts texts, TimeProvider clock) : AnswerPage(surveys, answers, texts)
{
    [FromRoute] public string Token { get; set; } = "";
    public string? HostName { get; private set; }

    protected override async Task<Respondent?> RespondentAsync()
    {
        if (await surveys.ByHostTokenAsync(Token) is not { } found) return null;
        (Survey, var host) = found;
        if (host.RevokedAt is not null) { Closed = texts.Error(new Error("Survey.LinkRevoked")); return null; }
        HostName = host.Name;
        if (host.ExpiresAt <= clock.GetUtcNow()) { Closed = texts.Error(new Error("Survey.LinkExpired")); return null; }
        if (!Survey.Asks(Audience.Hosts)) { Closed = texts.Error(new Error("Survey.NotForYou")); return null; }
        return new Respondent(Audience.Hosts, HostId: host.Id);
    }
}
