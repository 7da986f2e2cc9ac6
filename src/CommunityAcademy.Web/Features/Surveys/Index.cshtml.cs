using CommunityAcademy.Domain.Surveys;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CommunityAcademy.Web.Features.Surveys;

/// <summary>
/// A class's feedback surveys (#23): the list with answers so far; organizers build a new one here (the builder's text,
/// audiences, anonymity, open and close times in the class's time zone). Trainees and instructors see the surveys they
/// may answer, with a link to answer.
/// </summary>
[Authorize]
public sealed class IndexModel(IAuthorizationService auth, CohortStore cohorts, SurveyStore surveys, SurveyAnswers answers, SurveyResults results, Texts texts)
    : ManagedPageModel(auth, Policies.ManageCohorts)
{
    [FromRoute] public long Id { get; set; }
    public CohortRow? Cohort { get; private set; }
    public IReadOnlyList<(SurveyDto Survey, long Answers, Audience? Mine, bool Answered)> Surveys { get; private set; } = [];
    public bool IsStaff { get; private set; }
    [BindProperty] public SurveyInput Input { get; set; } = new();

    protected override async Task LoadAsync()
    {
        Cohort = await cohorts.FindAsync(Id);
        if (Cohort is null) return;
        var me = HttpContext.Me();
        IsStaff = me.IsStaff;
        var list = new List<(SurveyDto, long, Audience?, bool)>();
        foreach (var s in await surveys.ListAsync(Id))
        {
            var mine = await answers.AudienceOfAsync(me, s);
            if (!IsStaff && mine is null) continue;
            var done = mine is { } a && await answers.AnsweredAsync(s, new Respondent(a, UserId: me.Id));
            list.Add((s, IsStaff ? (await results.CountAsync(s.Id)) : 0, mine, done));
        }
        Surveys = list;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        await AuthorizedAsync();
        Input = SurveyInput.Blank();
        await LoadAsync();
        return Cohort is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (!await AuthorizedAsync()) return Forbid();
        if (await cohorts.FindAsync(Id) is not { } cohort) return NotFound();
        var made = Input.ToNew(cohort.TimeZone);
        var r = made.IsOk ? await surveys.CreateAsync(HttpContext.Me(), Id, made.Value!) : made.Error!;
        if (r.IsOk) return Redirect($"{Request.PathBase}/Surveys/Edit/{Id}/{r.Value}");
        Error = texts.Error(r.Error!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }

    public string Window(SurveyDto s) => $"{SurveyInput.Local(s.OpensAt, Cohort!.TimeZone)?.Replace('T', ' ') ?? "—"} – {SurveyInput.Local(s.ClosesAt, Cohort.TimeZone)?.Replace('T', ' ') ?? "—"}";
}
