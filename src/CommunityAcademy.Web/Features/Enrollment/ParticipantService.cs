using CommunityAcademy.Web.Infrastructure.Web;
using CommunityAcademy.Domain.Enrollment;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Enrollment;

public sealed record ParticipantInput(string Category, string Name, string? Organization, string? Position, string? Phone, IReadOnlyList<DateOnly>? Days);

public sealed record CategoryPeople(string Category, string Label, int Planned, IReadOnlyList<RosterEntry> People);

public sealed record MealCount(DateOnly Date, string Meal, string MealName, int Headcount);

public sealed record ParticipantsView(CohortRow Cohort, IReadOnlyList<CategoryPeople> Categories, int Trainees, IReadOnlyList<MealCount> Meals);

/// <summary>
/// Everyone attending who is not a trainee (leaders, teaching team, staff, media), listed by category, and the
/// meals per day that follow from everyone there and the class's meals rule.
/// </summary>
public sealed class ParticipantService(Db db, CohortStore cohorts, RosterService roster, TimeProvider clock)
{
    public async Task<ParticipantsView?> ViewAsync(CurrentUser me, long cohortId)
    {
        if (!me.IsStaff || await cohorts.FindVisibleAsync(me, cohortId) is not { } cohort) return null;
        var overview = await cohorts.OverviewAsync(me, cohortId);
        var everyone = await roster.EntriesAsync(cohortId, category: null);
        var others = everyone.Where(e => e.Category != "trainee").ToList();
        var categories = overview!.Categories.Where(c => c.Category != "trainee")
            .Select(c => new CategoryPeople(c.Category, c.Label, c.Headcount, others.Where(o => o.Category == c.Category).ToList()))
            .ToList();
        // Named people of a category not planned in the class still count.
        foreach (var extra in others.Select(o => o.Category).Distinct().Where(k => categories.All(c => c.Category != k)))
            categories.Add(new CategoryPeople(extra, CohortTerms.Categories.FirstOrDefault(x => x.Code == extra).Chinese ?? extra, 0, others.Where(o => o.Category == extra).ToList()));
        var personal = PersonalData.For(me); // no receipt named them: in full for organizers (and the person)
        foreach (var p in others)
        {
            var record = new Domain.Accounts.PersonRecord(p.UserId);
            p.Phone = personal.Phone(p.Phone, record);
            p.IdNumber = personal.IdNumber(p.IdNumber, record);
            p.Username = personal.Username(p.Username, record);
        }

        var trainees = cohort.IsRosterLocked(clock.GetUtcNow())
            ? everyone.Count(e => e.Category == "trainee")
            : overview.Categories.Where(c => c.Category == "trainee").Sum(c => c.Headcount);
        var attendees = categories.SelectMany(c => c.People.Count > 0
            ? c.People.Select(p => new Meals.Attendee(c.Category, ParseDays(p.Days)))
            : Enumerable.Repeat(new Meals.Attendee(c.Category, null), c.Planned)).ToList();
        var meals = Meals.PerDay(cohort.StartDate, cohort.EndDate, cohort.MealList, trainees, attendees)
            .Select(m => new MealCount(m.Day, m.Meal, CohortTerms.MealName(m.Meal), m.Headcount)).ToList();
        return new ParticipantsView(cohort, categories, trainees, meals);
    }

    public static IReadOnlyList<DateOnly>? ParseDays(string? days) =>
        string.IsNullOrWhiteSpace(days) ? null
            : days.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(DateOnly.Parse).ToList();

    /// <summary>Null when stored; otherwise why not.</summary>
    public static Dictionary<string, string[]> Validate(CohortRow cohort, ParticipantInput p)
    {
        var errors = new Dictionary<string, string[]>();
        if (p.Category == "trainee" || CohortTerms.Categories.All(c => c.Code != p.Category))
            errors["category"] = ["应为 leader/teaching_team/staff/media/other（学员通过回执报名）。"];
        if (string.IsNullOrWhiteSpace(p.Name)) errors["name"] = [Texts.Of("Problem.Required")];
        else if (p.Name.Trim().Length > 50) errors["name"] = ["最多 50 个字。"];
        if (!string.IsNullOrWhiteSpace(p.Phone) && !PhoneNumber.IsValid(p.Phone)) errors["phone"] = ["不是有效的电话号码。"];
        if (p.Days is { } days && days.Any(d => d < cohort.StartDate || d > cohort.EndDate)) errors["days"] = ["日期须在培训期间内。"];
        return errors;
    }

    public async Task<long> AddAsync(long cohortId, ParticipantInput p)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long>("""
            INSERT INTO enrollments (cohort_id, category, name, organization, position, phone, phone_key, days, status, created_at)
            VALUES (@cohortId, @Category, @name, @Organization, @Position, @phone, @key, @days, 'active', @now) RETURNING id
            """, new
        {
            cohortId, p.Category, name = p.Name.Trim(), p.Organization, p.Position,
            phone = string.IsNullOrWhiteSpace(p.Phone) ? null : PhoneNumber.Normalize(p.Phone),
            key = string.IsNullOrWhiteSpace(p.Phone) ? null : PhoneNumber.Key(p.Phone),
            days = p.Days is { Count: > 0 } d ? string.Join(",", d.Select(x => x.ToString("yyyy-MM-dd"))) : null,
            now = clock.GetUtcNow(),
        });
    }

    public async Task<bool> RemoveAsync(long cohortId, long enrollmentId)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteAsync("UPDATE enrollments SET status = 'removed' WHERE id = @enrollmentId AND cohort_id = @cohortId AND category <> 'trainee' AND status = 'active'",
            new { cohortId, enrollmentId }) > 0;
    }
}
