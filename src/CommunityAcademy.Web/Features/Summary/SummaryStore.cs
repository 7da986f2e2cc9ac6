using CommunityAcademy.Domain;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Summary;

/// <summary>
/// What the organizer adds to a class's summary: the closing section as typed and the learning-log entries chosen for it
/// (<see cref="LogIds"/> null: the class's 精选 entries). <see cref="Version"/> 0: nothing saved yet.
/// </summary>
public sealed record SummaryDraft(string Closing, IReadOnlyList<long>? LogIds, int Version, DateTimeOffset? UpdatedAt, string? UpdatedBy)
{
    public static readonly SummaryDraft Empty = new("", null, 0, null, null);
}

/// <summary>A save's answer: the stored draft, or the error and (for a stale save) the draft another save left.</summary>
public sealed record SummarySave(SummaryDraft? Saved, Error? Error, SummaryDraft? Current = null);

/// <summary>
/// 培训总结's own data (#24 point 1, table class_summaries): one row per class, saved as a whole with a version so a
/// save made from an older page is refused (the page then shows both texts: nothing typed is lost); audited.
/// </summary>
public sealed class SummaryStore(Db db, TimeProvider clock)
{
    public const int MaxClosing = 20_000;

    private sealed class Row
    {
        public string Closing { get; init; } = "";
        public string? LogIds { get; init; }
        public int Version { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public string? UpdatedBy { get; init; }
    }

    public async Task<SummaryDraft> GetAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return await GetAsync(c, null, cohortId);
    }

    private static async Task<SummaryDraft> GetAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, long cohortId)
    {
        var r = await c.QuerySingleOrDefaultAsync<Row>("""
            SELECT s.closing, s.log_ids, s.version, s.updated_at, u.display_name AS updated_by
            FROM class_summaries s LEFT JOIN users u ON u.id = s.updated_by WHERE s.cohort_id = @cohortId
            """, new { cohortId }, tx);
        return r is null ? SummaryDraft.Empty : new SummaryDraft(r.Closing, ParseIds(r.LogIds), r.Version, r.UpdatedAt, r.UpdatedBy);
    }

    private static IReadOnlyList<long>? ParseIds(string? text) => text is null ? null
        : text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => long.TryParse(s, out var id) ? id : 0).Where(id => id > 0).ToList();

    /// <summary>
    /// Saves the closing text (kept as typed, line breaks included) and the chosen entries (only the class's own are kept),
    /// when <paramref name="baseVersion"/> is the stored version; otherwise Error.Summary.Stale with the stored draft.
    /// </summary>
    public async Task<SummarySave> SaveAsync(CurrentUser me, long cohortId, string? closing, IReadOnlyList<long> logIds, int baseVersion)
    {
        closing = (closing ?? "").Replace("\r\n", "\n");
        if (closing.Length > MaxClosing) return new(null, new Error("Summary.TooLong", MaxClosing, closing.Length));
        return await db.InTransactionAsync(async (c, tx) =>
        {
            var asked = logIds.ToHashSet();
            var own = asked.Count == 0 ? [] : (await c.QueryAsync<long>(
                "SELECT id FROM learning_logs WHERE cohort_id = @cohortId", new { cohortId }, tx)).Where(asked.Contains).Order().ToList();
            var ids = string.Join(' ', own);
            var now = clock.GetUtcNow();
            var args = new { cohortId, closing, ids, baseVersion, version = baseVersion + 1, now, by = me.Id };
            var n = baseVersion == 0
                ? await c.ExecuteAsync("""
                    INSERT INTO class_summaries (cohort_id, closing, log_ids, version, updated_at, updated_by)
                    VALUES (@cohortId, @closing, @ids, @version, @now, @by) ON CONFLICT (cohort_id) DO NOTHING
                    """, args, tx)
                : await c.ExecuteAsync("""
                    UPDATE class_summaries SET closing = @closing, log_ids = @ids, version = @version, updated_at = @now, updated_by = @by
                    WHERE cohort_id = @cohortId AND version = @baseVersion
                    """, args, tx);
            if (n == 0) return new SummarySave(null, new Error("Summary.Stale"), await GetAsync(c, tx, cohortId));
            await Audit.WriteAsync(c, tx, me.Id, now, "cohort", cohortId, "summary.save", null, $"v{baseVersion + 1}: {closing.Length} chars, logs {ids}");
            return new SummarySave(await GetAsync(c, tx, cohortId), null);
        });
    }
}
