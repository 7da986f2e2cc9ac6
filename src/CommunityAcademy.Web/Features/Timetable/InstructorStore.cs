using System.Data.Common;
using CommunityAcademy.Domain;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Timetable;

public sealed record NewInstructor(string Name, string? Title, string? Organisation, string? Phone, long? UserId);
public sealed record NewTeam(string Name, string? Organisation, long? LeadInstructorId, int? Headcount, IReadOnlyList<long> MemberIds);

/// <summary>Instructors (授课专家) and teaching teams; later the same people serve as mentors and review experts.</summary>
public sealed class InstructorStore(Db db)
{
    public const int MaxText = 100;

    private const string SelectInstructor = """
        SELECT i.id, i.name, i.title, i.organisation, i.phone, i.user_id, u.username
        FROM instructors i LEFT JOIN users u ON u.id = i.user_id
        """;

    public async Task<IReadOnlyList<InstructorRow>> ListAsync()
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<InstructorRow>(SelectInstructor + " ORDER BY i.name, i.id")).ToList();
    }

    public async Task<InstructorRow?> GetAsync(long id)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<InstructorRow>(SelectInstructor + " WHERE i.id = @id", new { id });
    }

    public async Task<InstructorRow?> ForUserAsync(long userId)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<InstructorRow>(SelectInstructor + " WHERE i.user_id = @userId", new { userId });
    }

    public async Task<IReadOnlyList<TeamRow>> TeamsAsync(DbConnection? conn = null, DbTransaction? tx = null)
    {
        await using var owned = conn is null ? await db.OpenAsync() : null;
        var c = conn ?? owned!;
        var teams = (await c.QueryAsync<TeamRow>("""
            SELECT t.id, t.name, t.organisation, t.lead_instructor_id, i.name AS lead_name, t.headcount
            FROM instructor_teams t LEFT JOIN instructors i ON i.id = t.lead_instructor_id ORDER BY t.name, t.id
            """, transaction: tx)).ToList();
        var members = await c.QueryAsync<(long TeamId, long InstructorId)>(
            "SELECT team_id, instructor_id FROM instructor_team_members ORDER BY team_id, instructor_id", transaction: tx);
        var byTeam = members.ToLookup(m => m.TeamId, m => m.InstructorId);
        foreach (var t in teams) t.MemberIds = byTeam[t.Id].ToList();
        return teams;
    }

    public async Task<TeamRow?> TeamAsync(long id) => (await TeamsAsync()).FirstOrDefault(t => t.Id == id);

    public async Task<Result<long>> CreateAsync(NewInstructor n)
    {
        if (await CheckAsync(n) is { } e) return e;
        try
        {
            return await db.InTransactionAsync(async (c, tx) => Result<long>.Ok(await InsertAsync(c, tx, n)));
        }
        catch (DbException ex) when (db.Dialect.IsUniqueViolation(ex)) { return Taken(n); }
    }

    internal static Task<long> InsertAsync(DbConnection c, DbTransaction tx, NewInstructor n) =>
        c.ExecuteScalarAsync<long>("""
            INSERT INTO instructors (name, title, organisation, phone, user_id, created_at)
            VALUES (@name, @title, @organisation, @phone, @UserId, @now) RETURNING id
            """, new { name = n.Name.Trim(), title = Clean(n.Title), organisation = Clean(n.Organisation), phone = Clean(n.Phone), n.UserId, now = DateTimeOffset.UtcNow }, tx);

    public async Task<Error?> UpdateAsync(long id, NewInstructor n)
    {
        if (await CheckAsync(n, id) is { } e) return e;
        try
        {
            await using var c = await db.OpenAsync();
            var count = await c.ExecuteAsync("""
                UPDATE instructors SET name = @name, title = @title, organisation = @organisation, phone = @phone, user_id = @UserId WHERE id = @id
                """, new { id, name = n.Name.Trim(), title = Clean(n.Title), organisation = Clean(n.Organisation), phone = Clean(n.Phone), n.UserId });
            return count == 0 ? new Error("Timetable.UnknownInstructor", id) : null;
        }
        catch (DbException ex) when (db.Dialect.IsUniqueViolation(ex)) { return Taken(n); }
    }

    private static Error Taken(NewInstructor n) =>
        n.UserId is not null ? new Error("Timetable.InstructorExists", $"{n.Name.Trim()}（{n.Organisation?.Trim()}）/ user {n.UserId}")
            : new Error("Timetable.InstructorExists", $"{n.Name.Trim()}（{n.Organisation?.Trim()}）");

    private async Task<Error?> CheckAsync(NewInstructor n, long? self = null)
    {
        if (string.IsNullOrWhiteSpace(n.Name)) return new Error("Timetable.NameRequired");
        foreach (var s in new[] { n.Name, n.Title, n.Organisation, n.Phone })
            if (s is not null && s.Trim().Length > MaxText) return new Error("Timetable.NameTooLong", MaxText);
        if (n.UserId is { } u)
        {
            await using var c = await db.OpenAsync();
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE id = @u", new { u }) == 0)
                return new Error("Timetable.UnknownUser", u);
        }
        return null;
    }

    public async Task<Result<long>> CreateTeamAsync(NewTeam t)
    {
        if (await CheckTeamAsync(t) is { } e) return e;
        try
        {
            return await db.InTransactionAsync(async (c, tx) => Result<long>.Ok(await InsertTeamAsync(c, tx, t)));
        }
        catch (DbException ex) when (db.Dialect.IsUniqueViolation(ex)) { return new Error("Timetable.NameTaken", t.Name.Trim()); }
    }

    internal static async Task<long> InsertTeamAsync(DbConnection c, DbTransaction tx, NewTeam t)
    {
        var id = await c.ExecuteScalarAsync<long>("""
            INSERT INTO instructor_teams (name, organisation, lead_instructor_id, headcount, created_at)
            VALUES (@name, @organisation, @LeadInstructorId, @Headcount, @now) RETURNING id
            """, new { name = t.Name.Trim(), organisation = Clean(t.Organisation), t.LeadInstructorId, t.Headcount, now = DateTimeOffset.UtcNow }, tx);
        await SetMembersAsync(c, tx, id, t);
        return id;
    }

    public async Task<Error?> UpdateTeamAsync(long id, NewTeam t)
    {
        if (await CheckTeamAsync(t) is { } e) return e;
        try
        {
            return await db.InTransactionAsync(async (c, tx) =>
            {
                var n = await c.ExecuteAsync("""
                    UPDATE instructor_teams SET name = @name, organisation = @organisation, lead_instructor_id = @LeadInstructorId, headcount = @Headcount
                    WHERE id = @id
                    """, new { id, name = t.Name.Trim(), organisation = Clean(t.Organisation), t.LeadInstructorId, t.Headcount }, tx);
                if (n == 0) return new Error("Timetable.UnknownTeam", id);
                await c.ExecuteAsync("DELETE FROM instructor_team_members WHERE team_id = @id", new { id }, tx);
                await SetMembersAsync(c, tx, id, t);
                return (Error?)null;
            });
        }
        catch (DbException ex) when (db.Dialect.IsUniqueViolation(ex)) { return new Error("Timetable.NameTaken", t.Name.Trim()); }
    }

    private static async Task SetMembersAsync(DbConnection c, DbTransaction tx, long teamId, NewTeam t)
    {
        foreach (var member in t.MemberIds.Distinct())
            await c.ExecuteAsync("INSERT INTO instructor_team_members (team_id, instructor_id) VALUES (@teamId, @member)", new { teamId, member }, tx);
    }

    private async Task<Error?> CheckTeamAsync(NewTeam t)
    {
        if (string.IsNullOrWhiteSpace(t.Name)) return new Error("Timetable.NameRequired");
        if (t.Name.Trim().Length > MaxText || (t.Organisation?.Trim().Length ?? 0) > MaxText) return new Error("Timetable.NameTooLong", MaxText);
        if (t.Headcount is <= 0 or > 1000) return new Error("Timetable.BadHeadcount");
        await using var c = await db.OpenAsync();
        var known = (await c.QueryAsync<long>("SELECT id FROM instructors")).ToHashSet();
        foreach (var id in t.MemberIds.Concat(t.LeadInstructorId is { } l ? [l] : []))
            if (!known.Contains(id)) return new Error("Timetable.UnknownInstructor", id);
        return null;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
