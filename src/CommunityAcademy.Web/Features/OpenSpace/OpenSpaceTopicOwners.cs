using CommunityAcademy.Web.Features.Outputs;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.OpenSpace;

/// <summary>
/// Open Space topics as owners of outputs (#17): a topic records its results as a group does. Its members — who may
/// add — are its convener and the people signed up to it; it has no mentors. Topics come after the groups in the
/// gallery, in the order of their slot, then of posting.
/// </summary>
public sealed class OpenSpaceTopicOwners(Db db) : ITopicOwners
{
    /// <summary>Topics sort after any group of the session.</summary>
    private const int AfterGroups = 100_000;

    public async Task<OwnerInfo?> FindAsync(long topicId, long cohortId, long sessionId) =>
        (await LoadAsync(cohortId, sessionId, topicId)).FirstOrDefault();

    public async Task<IReadOnlyList<OwnerInfo>> OfSessionAsync(long cohortId, long sessionId) => await LoadAsync(cohortId, sessionId, null);

    private async Task<List<OwnerInfo>> LoadAsync(long cohortId, long sessionId, long? topicId)
    {
        await using var c = await db.OpenAsync();
        var topics = (await c.QueryAsync<(long Id, string Title, long? Convener)>("""
            SELECT t.id, t.title, t.convener_enrollment_id
            FROM open_space_topics t JOIN open_spaces o ON o.id = t.open_space_id
            LEFT JOIN open_space_slots s ON s.id = t.slot_id
            WHERE o.cohort_id = @cohortId AND o.session_id = @sessionId AND (@topicId IS NULL OR t.id = @topicId)
            ORDER BY s.sort_order, t.posted_at, t.id
            """, new { cohortId, sessionId, topicId })).ToList();
        if (topics.Count == 0) return [];
        var signups = (await c.QueryAsync<(long Topic, long Enrollment)>("""
            SELECT g.topic_id, g.enrollment_id FROM open_space_signups g
            JOIN open_space_topics t ON t.id = g.topic_id JOIN open_spaces o ON o.id = t.open_space_id
            WHERE o.session_id = @sessionId
            """, new { sessionId })).ToLookup(x => x.Topic, x => x.Enrollment);
        return topics.Select((t, i) => new OwnerInfo(new OutputOwner(OutputOwner.Topic, t.Id), cohortId, t.Title, AfterGroups + i,
            signups[t.Id].Concat(t.Convener is { } e ? [e] : []).ToHashSet(), new HashSet<long>())).ToList();
    }
}
