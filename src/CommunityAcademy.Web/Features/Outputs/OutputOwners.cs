using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Outputs;

/// <summary>Who records outputs: a group (of any grouping: working groups, café tables, teams) or an Open Space topic.</summary>
public readonly record struct OutputOwner(string Kind, long Id)
{
    public const string Group = "group", Topic = "topic";
    public override string ToString() => $"{Kind}-{Id}";

    /// <summary>"group-12" or "topic-3"; false for anything else.</summary>
    public static bool TryParse(string? s, out OutputOwner owner)
    {
        owner = default;
        var dash = s?.IndexOf('-') ?? -1;
        if (dash <= 0 || !long.TryParse(s![(dash + 1)..], out var id)) return false;
        var kind = s[..dash];
        if (kind is not (Group or Topic)) return false;
        owner = new OutputOwner(kind, id);
        return true;
    }
}

/// <summary>An owner as the outputs see it: its class, a name, its order, and the enrollments of its members (who may add).</summary>
public sealed record OwnerInfo(OutputOwner Owner, long CohortId, string Name, int SortOrder, IReadOnlySet<long> MemberEnrollments, IReadOnlySet<long> MentorUsers);

/// <summary>
/// The one look-up of an output's owner. Groups are found here; topics through <see cref="ITopicOwners"/>
/// (Features/OpenSpace/OpenSpaceTopicOwners.cs).
/// </summary>
public sealed class OutputOwners(Db db, ITopicOwners topics)
{
    /// <summary>The owner when it exists and belongs to the class; null otherwise.</summary>
    public async Task<OwnerInfo?> FindAsync(OutputOwner owner, long cohortId, long sessionId)
    {
        if (owner.Kind == OutputOwner.Topic) return await topics.FindAsync(owner.Id, cohortId, sessionId);
        if (owner.Kind != OutputOwner.Group) return null;
        await using var c = await db.OpenAsync();
        var g = await c.QuerySingleOrDefaultAsync<(long Id, string Name, int SortOrder, long CohortId, long? SessionId)>("""
            SELECT x.id, x.name, x.sort_order, g.cohort_id, g.session_id FROM groups x JOIN groupings g ON g.id = x.grouping_id WHERE x.id = @id
            """, new { id = owner.Id });
        if (g.Id == 0 || g.CohortId != cohortId || (g.SessionId is { } s && s != sessionId)) return null;
        var members = (await c.QueryAsync<long>("SELECT enrollment_id FROM group_members WHERE group_id = @id", new { id = owner.Id })).ToHashSet();
        var mentors = (await c.QueryAsync<long>("SELECT user_id FROM group_mentors WHERE group_id = @id", new { id = owner.Id })).ToHashSet();
        return new OwnerInfo(owner, cohortId, g.Name, g.SortOrder, members, mentors);
    }
}

/// <summary>Open Space topics as owners of outputs (#17): implemented by Features/OpenSpace/OpenSpaceTopicOwners.cs.</summary>
public interface ITopicOwners
{
    Task<OwnerInfo?> FindAsync(long topicId, long cohortId, long sessionId);
    /// <summary>The session's topics, in their order (the gallery's stalls after the groups).</summary>
    Task<IReadOnlyList<OwnerInfo>> OfSessionAsync(long cohortId, long sessionId);
}
