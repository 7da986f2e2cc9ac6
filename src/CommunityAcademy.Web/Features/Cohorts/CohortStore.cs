using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Cohorts;

/// <summary>
/// Programs and cohorts, and who sees which (<see cref="VisibleAsync"/>; checked once per request by
/// <see cref="CohortAccess"/> on the class routes).
/// </summary>
public sealed class CohortStore(Db db, UnitStore units)
{
    private const string SelectCohort = """
        SELECT c.id, c.program_id, p.name AS program_name, c.title, c.number, c.theme, c.start_date, c.end_date,
               c.venue, c.format, c.time_zone, c.issuer, c.issued_on, c.contact_name, c.contact_phone, c.receipt_deadline,
               c.accommodation, c.meals, c.leave_allowed, c.arrive_minutes_before, c.sign_in_every_session,
               c.full_time_release, c.unauthorized_departure, c.bulletin_after_class,
               c.notice_preamble, c.notice_content, c.trainee_description,
               c.roster_auto_lock, c.roster_locked_at, c.roster_reopened_at,
               c.checkin_opens_minutes, c.checkout_grace_minutes, c.qr_rotation_seconds, c.sign_out_required, c.departure_minutes,
               c.lates_per_absence, c.checkin_radius_meters, c.archived_at
        FROM cohorts c JOIN programs p ON p.id = c.program_id
        """;

    public Task<IReadOnlyList<CohortRow>> ListVisibleAsync(CurrentUser me) => VisibleAsync(me, cohortId: null);

    public async Task<bool> CanSeeAsync(CurrentUser me, long cohortId) => await FindVisibleAsync(me, cohortId) is not null;

    /// <summary>The cohort if the caller may see it: one row asked for, not the caller's whole list filtered.</summary>
    public async Task<CohortRow?> FindVisibleAsync(CurrentUser me, long cohortId) =>
        (await VisibleAsync(me, cohortId)).FirstOrDefault();

    /// <summary>
    /// Who sees a class (#13 point 3), each role the caller holds adding what it sees: an administrator and an organizer
    /// without a unit every class; an organizer with a unit the classes owned in its subtree; a head teacher, mentor,
    /// expert or instructor the classes they are on (cohort_staff, or an instructor with an account linked to one of its
    /// sessions); a unit contact those with places in its subtree; a trainee those they are enrolled in.
    /// </summary>
    private async Task<IReadOnlyList<CohortRow>> VisibleAsync(CurrentUser me, long? cohortId)
    {
        await using var c = await db.OpenAsync();
        var where = cohortId is null ? "" : " WHERE c.id = @cohortId";
        var (filter, args) = await FilterAsync(c, me);
        if (filter is not null) where += (where.Length == 0 ? " WHERE " : " AND ") + "(" + filter + ")";
        args.Add("cohortId", cohortId);
        var sql = SelectCohort + where + " ORDER BY c.start_date DESC, c.id DESC";
        return (await c.QueryAsync<CohortRow>(sql, args)).ToList();
    }

    /// <summary>True when the caller may see the class: one small query (CohortAccess caches the answer).</summary>
    public async Task<bool> SeesAsync(CurrentUser me, long cohortId)
    {
        await using var c = await db.OpenAsync();
        var (filter, args) = await FilterAsync(c, me);
        args.Add("cohortId", cohortId);
        return await c.ExecuteScalarAsync<long?>("SELECT c.id FROM cohorts c WHERE c.id = @cohortId" + (filter is null ? "" : " AND (" + filter + ")"), args) is not null;
    }

    /// <summary>The SQL condition on <c>c</c> (cohorts) for what the caller sees; null: everything.</summary>
    private static async Task<(string? Sql, DynamicParameters Args)> FilterAsync(System.Data.Common.DbConnection c, CurrentUser me)
    {
        var args = new DynamicParameters();
        if (me.IsAdmin || (me.IsIn(Role.Organizer) && me.UnitId is null)) return (null, args);
        var ors = new List<string>();
        string? owner = null, places = null;
        string? path = me.UnitId is { } unit && (me.IsIn(Role.Organizer) || me.IsIn(Role.UnitContact))
            ? await c.ExecuteScalarAsync<string?>("SELECT path FROM units WHERE id = @unit", new { unit })
            : null;
        if (me.IsIn(Role.Organizer))
        {
            owner = path is null ? "-" : path + "%"; // an unknown unit owns nothing ("-" starts no path)
            ors.Add("EXISTS (SELECT 1 FROM units ou WHERE ou.id = c.owner_unit_id AND ou.path LIKE @owner)");
        }
        if (CohortStaff.Roles.Any(me.IsIn))
        {
            ors.Add("EXISTS (SELECT 1 FROM cohort_staff cs WHERE cs.cohort_id = c.id AND cs.user_id = @userId)");
            ors.Add("""
                EXISTS (SELECT 1 FROM sessions s JOIN session_instructors si ON si.session_id = s.id
                        JOIN instructors i ON i.id = si.instructor_id WHERE s.cohort_id = c.id AND i.user_id = @userId)
                """);
        }
        if (me.IsIn(Role.UnitContact) && me.UnitId is not null)
        {
            places = path is null ? "-" : path + "%";
            ors.Add("EXISTS (SELECT 1 FROM quota_lines q JOIN units u ON u.id = q.unit_id WHERE q.cohort_id = c.id AND u.path LIKE @places)");
        }
        // A trainee, and anyone enrolled (a participant with an account), sees the classes they are enrolled in.
        ors.Add("EXISTS (SELECT 1 FROM enrollments e WHERE e.cohort_id = c.id AND e.user_id = @userId)");
        args.Add("userId", me.Id);
        if (owner is not null) args.Add("owner", owner);
        if (places is not null) args.Add("places", places);
        return (string.Join(" OR ", ors), args);
    }

    public async Task<CohortRow?> FindAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<CohortRow>(SelectCohort + " WHERE c.id = @cohortId", new { cohortId });
    }

    /// <summary>The class overview; null when it does not exist or the caller may not see it.</summary>
    public async Task<CohortOverview?> OverviewAsync(CurrentUser me, long id)
    {
        if (await FindVisibleAsync(me, id) is not { } cohort) return null;
        await using var c = await db.OpenAsync();
        var hosts = (await c.QueryAsync<HostRow>("SELECT role, name FROM cohort_hosts WHERE cohort_id = @id ORDER BY sort_order, id", new { id })).ToList();
        var cats = (await c.QueryAsync<CategoryRow>("SELECT category, label, headcount FROM participant_categories WHERE cohort_id = @id ORDER BY sort_order, id", new { id })).ToList();
        var sessions = (await c.QueryAsync<SessionRow>("""
            SELECT id, session_date, start_time, end_time, title, session_type, instructors, venue, workshop_method
            FROM sessions WHERE cohort_id = @id ORDER BY starts_at, sort_order
            """, new { id })).ToList();
        // Sessions whose instructors were linked as people or teams but given no printed label show their names.
        if (sessions.Any(x => string.IsNullOrWhiteSpace(x.Instructors)))
        {
            var linked = (await c.QueryAsync<(long SessionId, string Name)>("""
                SELECT si.session_id, COALESCE(i.name, t.name) FROM session_instructors si
                JOIN sessions s ON s.id = si.session_id
                LEFT JOIN instructors i ON i.id = si.instructor_id LEFT JOIN instructor_teams t ON t.id = si.team_id
                WHERE s.cohort_id = @id ORDER BY si.session_id, si.sort_order
                """, new { id })).ToLookup(x => x.SessionId, x => x.Name);
            foreach (var x in sessions.Where(x => string.IsNullOrWhiteSpace(x.Instructors)))
                x.Instructors = string.Join("、", linked[x.Id]);
        }
        var lines = (await c.QueryAsync<QuotaLineRow>("""
            SELECT q.unit_id, u.name AS unit_name, q.position, q.places
            FROM quota_lines q JOIN units u ON u.id = q.unit_id WHERE q.cohort_id = @id ORDER BY q.sort_order, q.id
            """, new { id })).ToList();
        var submitters = (await c.QueryAsync<(long Scope, string Name)>("""
            SELECT s.scope_unit_id, u.name FROM receipt_submitters s JOIN units u ON u.id = s.submitter_unit_id WHERE s.cohort_id = @id
            """, new { id })).ToDictionary(x => x.Scope, x => x.Name);
        var enrolled = await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM enrollments WHERE cohort_id = @id AND category = 'trainee'", new { id });

        var tree = await units.TreeAsync();
        var visibleLines = lines.Where(l => UnitStore.CanSee(tree, me, l.UnitId) || me.IsIn(Role.Trainee));
        var byDistrict = visibleLines
            .GroupBy(l => tree.DistrictOf(l.UnitId) ?? tree.Find(l.UnitId)!)
            .Select(g => new DistrictPlaces(g.Key.Id, g.Key.Name, g.Sum(l => l.Places), submitters.GetValueOrDefault(g.Key.Id)))
            .ToList();
        return new CohortOverview(cohort, hosts, cats, sessions, byDistrict, (int)enrolled);
    }
}
