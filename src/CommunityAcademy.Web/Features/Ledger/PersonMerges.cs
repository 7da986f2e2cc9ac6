using System.Text.Json;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Ledger;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Ledger;

/// <summary>A proposal with what the organizer needs to decide: both accounts' names, user names and classes.</summary>
public sealed record MergeProposalDto(long KeepUserId, string KeepName, string KeepUsername, long MergeUserId, string MergeName, string MergeUsername, string Reason,
    IReadOnlyList<string> KeepClasses, IReadOnlyList<string> MergeClasses);

public sealed record MergeDto(long Id, long KeptUserId, string KeptName, long MergedUserId, string MergedName, string Reason, int Moved, DateTimeOffset CreatedAt, DateTimeOffset? UndoneAt);

/// <summary>
/// One person across classes (#21 point 4): accounts with different numbers but the same ID number, or the same name in the
/// same unit, are proposed (<see cref="PersonMatch"/>); an administrator or organizer confirms a merge (after a question on the
/// page), which moves the merged account's enrollments (and ledger rows) to the kept one in one transaction, audited; the ids
/// moved are kept so the merge can be undone. Two accounts enrolled in the same class are not merged (one class, one place).
/// </summary>
public sealed class PersonMerges(Db db, TimeProvider clock)
{
    private sealed class FactRow
    {
        public long UserId { get; init; }
        public string? Phone { get; init; }
        public string? IdNumber { get; init; }
        public string Name { get; init; } = "";
        public long? UnitId { get; init; }
    }

    public async Task<IReadOnlyList<MergeProposalDto>> ProposalsAsync()
    {
        await using var c = await db.OpenAsync();
        var facts = (await c.QueryAsync<FactRow>("""
            SELECT e.user_id, COALESCE(u.phone, u.username) AS phone, e.id_number, e.name, e.unit_id
            FROM enrollments e JOIN users u ON u.id = e.user_id WHERE e.category = 'trainee'
            """)).GroupBy(f => f.UserId).Select(g => new PersonFacts(g.Key, g.First().Phone,
                g.Select(x => x.IdNumber).OfType<string>().ToList(), g.Where(x => x.UnitId is not null).Select(x => (x.Name, x.UnitId!.Value)).ToList()));
        var decided = (await c.QueryAsync<(long, long)>("SELECT kept_user_id, merged_user_id FROM person_merges WHERE undone_at IS NULL"))
            .Select(p => (Math.Min(p.Item1, p.Item2), Math.Max(p.Item1, p.Item2))).ToHashSet();
        var proposals = PersonMatch.Propose(facts, decided);
        if (proposals.Count == 0) return [];
        var ids = proposals.SelectMany(p => new[] { p.KeepUserId, p.MergeUserId }).Distinct().ToArray();
        var users = (await c.QueryAsync<(long Id, string Name, string Username)>($"SELECT id, display_name, username FROM users WHERE id IN {LedgerStore.InList(ids)}")).ToDictionary(u => u.Id);
        var classes = (await c.QueryAsync<(long UserId, string Title)>($"""
            SELECT e.user_id, co.title FROM enrollments e JOIN cohorts co ON co.id = e.cohort_id WHERE e.user_id IN {LedgerStore.InList(ids)} ORDER BY co.start_date
            """)).ToLookup(x => x.UserId, x => x.Title);
        return proposals.Select(p => new MergeProposalDto(p.KeepUserId, users[p.KeepUserId].Name, users[p.KeepUserId].Username, p.MergeUserId,
            users[p.MergeUserId].Name, users[p.MergeUserId].Username, p.Reason, classes[p.KeepUserId].ToList(), classes[p.MergeUserId].ToList())).ToList();
    }

    /// <summary>Merges <paramref name="mergeUserId"/> into <paramref name="keepUserId"/> — only a pair still proposed.</summary>
    public async Task<Result<long>> MergeAsync(CurrentUser me, long keepUserId, long mergeUserId)
    {
        var proposal = (await ProposalsAsync()).FirstOrDefault(p => p.KeepUserId == keepUserId && p.MergeUserId == mergeUserId);
        if (proposal is null) return new Error("Ledger.NotProposed");
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            if (await c.ExecuteScalarAsync<long>("""
                SELECT COUNT(*) FROM enrollments a JOIN enrollments b ON a.cohort_id = b.cohort_id WHERE a.user_id = @keepUserId AND b.user_id = @mergeUserId
                """, new { keepUserId, mergeUserId }, tx) > 0) return new Error("Ledger.SameClass");
            var moved = (await c.QueryAsync<long>("SELECT id FROM enrollments WHERE user_id = @mergeUserId ORDER BY id", new { mergeUserId }, tx)).ToList();
            await c.ExecuteAsync("UPDATE enrollments SET user_id = @keepUserId WHERE user_id = @mergeUserId", new { keepUserId, mergeUserId }, tx);
            await c.ExecuteAsync("UPDATE ledger_entries SET user_id = @keepUserId WHERE user_id = @mergeUserId", new { keepUserId, mergeUserId }, tx);
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO person_merges (kept_user_id, merged_user_id, action, reason, moved_enrollments, created_at, created_by)
                VALUES (@keepUserId, @mergeUserId, 'merged', @reason, @moved, @now, @by) RETURNING id
                """, new { keepUserId, mergeUserId, reason = proposal.Reason, moved = JsonSerializer.Serialize(moved), now, by = me.Id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "user", keepUserId, "ledger.merge", $"user {mergeUserId}", $"user {keepUserId}; enrollments {string.Join(',', moved)}", proposal.Reason);
            return Result<long>.Ok(id);
        });
    }

    /// <summary>The organizer says the pair is two people: never proposed again (undoable like a merge).</summary>
    public async Task<Result<long>> DismissAsync(CurrentUser me, long keepUserId, long mergeUserId)
    {
        var proposal = (await ProposalsAsync()).FirstOrDefault(p => p.KeepUserId == keepUserId && p.MergeUserId == mergeUserId);
        if (proposal is null) return new Error("Ledger.NotProposed");
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Result<long>>(async (c, tx) =>
        {
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO person_merges (kept_user_id, merged_user_id, action, reason, created_at, created_by)
                VALUES (@keepUserId, @mergeUserId, 'dismissed', @reason, @now, @by) RETURNING id
                """, new { keepUserId, mergeUserId, reason = proposal.Reason, now, by = me.Id }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "user", keepUserId, "ledger.merge_dismissed", null, $"user {mergeUserId}", proposal.Reason);
            return Result<long>.Ok(id);
        });
    }

    /// <summary>Undoes a merge: the enrollments it moved (still on the kept account) and their classes' ledger rows go back; audited.</summary>
    public async Task<Error?> UndoAsync(CurrentUser me, long mergeId)
    {
        var now = Instant.Truncate(clock.GetUtcNow());
        return await db.InTransactionAsync<Error?>(async (c, tx) =>
        {
            var x = await c.QuerySingleOrDefaultAsync<MergeRow>("""
                SELECT id, kept_user_id, merged_user_id, action, reason, moved_enrollments, created_at, undone_at FROM person_merges WHERE id = @mergeId
                """, new { mergeId }, tx);
            if (x is null) return new Error("Ledger.NoSuchMerge");
            if (x.UndoneAt is not null) return new Error("Ledger.AlreadyUndone");
            var ids = JsonSerializer.Deserialize<long[]>(x.MovedEnrollments) ?? [];
            if (ids.Length > 0)
            {
                var cohorts = (await c.QueryAsync<long>($"SELECT DISTINCT cohort_id FROM enrollments WHERE id IN {LedgerStore.InList(ids)} AND user_id = @kept", new { kept = x.KeptUserId }, tx)).ToArray();
                await c.ExecuteAsync($"UPDATE enrollments SET user_id = @merged WHERE id IN {LedgerStore.InList(ids)} AND user_id = @kept", new { kept = x.KeptUserId, merged = x.MergedUserId }, tx);
                if (cohorts.Length > 0)
                    await c.ExecuteAsync($"UPDATE ledger_entries SET user_id = @merged WHERE user_id = @kept AND cohort_id IN {LedgerStore.InList(cohorts)}", new { kept = x.KeptUserId, merged = x.MergedUserId }, tx);
            }
            await c.ExecuteAsync("UPDATE person_merges SET undone_at = @now, undone_by = @by WHERE id = @mergeId", new { now, by = me.Id, mergeId }, tx);
            await Audit.WriteAsync(c, tx, me.Id, now, "user", x.KeptUserId, x.Action == "merged" ? "ledger.merge_undone" : "ledger.dismiss_undone",
                $"user {x.MergedUserId}; enrollments {string.Join(',', ids)}", null);
            return null;
        });
    }

    public async Task<IReadOnlyList<MergeDto>> MergesAsync()
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<MergeRow>("""
            SELECT m.id, m.kept_user_id, k.display_name AS kept_name, m.merged_user_id, g.display_name AS merged_name, m.action, m.reason, m.moved_enrollments, m.created_at, m.undone_at
            FROM person_merges m JOIN users k ON k.id = m.kept_user_id JOIN users g ON g.id = m.merged_user_id WHERE m.action = 'merged' ORDER BY m.id DESC
            """)).Select(r => new MergeDto(r.Id, r.KeptUserId, r.KeptName, r.MergedUserId, r.MergedName, r.Reason,
                (JsonSerializer.Deserialize<long[]>(r.MovedEnrollments) ?? []).Length, r.CreatedAt, r.UndoneAt)).ToList();
    }

    private sealed class MergeRow
    {
        public long Id { get; init; }
        public long KeptUserId { get; init; }
        public string KeptName { get; init; } = "";
        public long MergedUserId { get; init; }
        public string MergedName { get; init; } = "";
        public string Action { get; init; } = "";
        public string Reason { get; init; } = "";
        public string MovedEnrollments { get; init; } = "[]";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? UndoneAt { get; init; }
    }
}
