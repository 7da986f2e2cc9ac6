using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Cohorts;
using CommunityAcademy.Domain.Ledger;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Security;
using CommunityAcademy.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityAcademy.Web.Features.Ledger;

/// <param name="Late">full or proportional.</param>
/// <param name="EarlyLeave">full or proportional.</param>
public sealed record CreditRuleRequest(string? Late, string? EarlyLeave);

/// <summary>The class's rule as codes (full / proportional).</summary>
public sealed record CreditRuleDto(string Late, string EarlyLeave, bool Stored)
{
    public static CreditRuleDto Of(CreditRule r, bool stored) => new(CreditRule.Code(r.Late), CreditRule.Code(r.EarlyLeave), stored);
}

public sealed record ClassLedgerAnswer(CreditRuleDto Rule, DateTimeOffset? ComputedAt, IReadOnlyList<ClassLedgerRow> Rows);

/// <summary>
/// The 学时 ledger's API (#21): a person's ledger (/people/{userId}/ledger, /me/ledger: the person, the staff of their classes
/// — the rows of those classes —, administrators and organizers without a unit — all —, a unit contact — the rows under its
/// subtree), a unit's yearly summary (/units/{unitId}/ledger?year=: administrators and organizers, and a unit contact for
/// its own subtree), a class's ledger and rule (/cohorts/{id}/ledger: the group's class check first; the rule changed by
/// administrators and organizers). Hours are tenths (hoursX10, exact). Names only: no phone or ID number is given out.
/// </summary>
public static class LedgerApi
{
    public static RouteGroupBuilder MapLedgerApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me/ledger", (HttpContext http, LedgerStore store, int? year) => PersonOf(http.Me().Id, year, http, store, null))
            .WithTags("Ledger").WithSummary("My 学时 ledger across classes and years: per year by category (classroom 集中培训, online 网络学习, practice 实践), every entry, and my certificates (in force and revoked, every year).");
        api.MapGet("/people/{userId:long}/ledger", (long userId, int? year, HttpContext http, LedgerStore store, CohortStore cohorts) => PersonOf(userId, year, http, store, cohorts))
            .WithTags("Ledger").WithSummary("A person's 学时 ledger as the caller may see it, with the certificates of the classes they may see (404 when none of it is theirs to see).");
        api.MapGet("/units/{unitId:long}/ledger", UnitOf).WithTags("Ledger")
            .WithSummary("A unit's yearly 学时 summary over its subtree (the people, by category, and the totals). year: default this year (Beijing time).");
        var g = api.MapGroup("/cohorts/{id:long}/ledger").WithTags("Ledger").RequireAuthorization(Policies.Staff);
        g.MapGet("/", async (long id, LedgerStore store) =>
        {
            var l = await store.ClassAsync(id);
            return TypedResults.Ok(new ClassLedgerAnswer(CreditRuleDto.Of(l.Rule, l.Stored), l.ComputedAt, l.Rows));
        }).WithSummary("The class's trainees with their 学时 in the class (rows rewritten first when the sources changed) and the class's credit rule.");
        g.MapPut("/rule", SaveRule).RequireAuthorization(Policies.ManageCohorts)
            .WithSummary("Sets the class's credit rule {late, earlyLeave}: full or proportional; the class's rows are rewritten. 422 for another value.");
        return api;
    }

    private static async Task<Results<Ok<PersonLedgerDto>, ProblemHttpResult, ValidationProblem>> PersonOf(long userId, int? year, HttpContext http, LedgerStore store, CohortStore? cohorts)
    {
        if (year is { } y && !YearOk(y)) return Problems.Invalid("year", Texts.Of("Error.Ledger.BadYear"));
        var me = http.Me();
        var scope = me.Id == userId ? new LedgerStore.Scope(null, null) : await store.ScopeForPersonAsync(me, userId, cohorts!);
        if (scope is not null) await store.RefreshForUserAsync(userId);
        if (scope is null || await store.PersonAsync(userId, scope, year) is not { } ledger) return Problems.NotFound();
        return TypedResults.Ok(ledger with { Certificates = await store.CertificatesAsync(userId, scope) }); // the same list as the pages
    }

    public static bool YearOk(int y) => y is >= 2000 and <= 2100;

    public static int ThisYear(TimeProvider clock) => ClassClock.ToLocal(clock.GetUtcNow(), "Asia/Shanghai").Year;

    /// <summary>Who may read a unit's summary, and of which classes: null when not at all.</summary>
    public static async Task<(bool Ok, IReadOnlySet<long>? Cohorts)> UnitScopeAsync(CurrentUser me, long unitId, UnitStore units, CohortStore cohorts)
    {
        if (me.IsAdmin || (me.IsIn(Role.Organizer) && me.UnitId is null)) return (true, null);
        if (me.IsIn(Role.Organizer)) return (true, (await cohorts.ListVisibleAsync(me)).Select(c => c.Id).ToHashSet());
        if (me.IsIn(Role.UnitContact) && me.UnitId is { } own) return ((await units.TreeAsync()).IsInSubtree(own, unitId), null);
        return (false, null);
    }

    private static async Task<Results<Ok<UnitSummaryDto>, ProblemHttpResult, ValidationProblem>> UnitOf(long unitId, int? year, HttpContext http, LedgerStore store,
        UnitStore units, CohortStore cohorts, TimeProvider clock)
    {
        var y = year ?? ThisYear(clock);
        if (!YearOk(y)) return Problems.Invalid("year", Texts.Of("Error.Ledger.BadYear"));
        var (ok, scope) = await UnitScopeAsync(http.Me(), unitId, units, cohorts);
        if (!ok || await store.UnitAsync(unitId, y, scope) is not { } summary) return Problems.NotFound();
        return TypedResults.Ok(summary);
    }

    private static async Task<Results<Ok<CreditRuleDto>, ProblemHttpResult, ValidationProblem>> SaveRule(long id, CreditRuleRequest? body, HttpContext http, LedgerStore store, Texts texts)
    {
        if (!CreditRule.TryParse(body?.Late ?? "full", out var late)) return Problems.Invalid("late", texts.Error(new Error("Ledger.BadMode", "late")));
        if (!CreditRule.TryParse(body?.EarlyLeave ?? "full", out var early)) return Problems.Invalid("earlyLeave", texts.Error(new Error("Ledger.BadMode", "early_leave")));
        var rule = new CreditRule(late, early);
        if (await store.SaveRuleAsync(http.Me(), id, rule) is { } e)
            return e.Code == "Ledger.NoSuchClass" ? Problems.NotFound() : Problems.Rule(texts, e);
        return TypedResults.Ok(CreditRuleDto.Of(rule, true));
    }
}
