namespace CommunityAcademy.Domain.Timetable;

/// <summary>
/// A session as clash detection sees it: instructors named on it, and teams on it with their members
/// (a team's lead and members are busy whenever the team is).
/// </summary>
public sealed record Slot(
    long Id, long CohortId, string Title, DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt, Delivery Delivery,
    IReadOnlySet<long> InstructorIds, IReadOnlyDictionary<long, IReadOnlySet<long>> Teams, long? TeachingPointId, string? Venue)
{
    public static readonly IReadOnlyDictionary<long, IReadOnlySet<long>> NoTeams = new Dictionary<long, IReadOnlySet<long>>();

    /// <summary>Every person busy in this session: named instructors and team members.</summary>
    public IEnumerable<long> People => InstructorIds.Concat(Teams.Values.SelectMany(m => m)).Distinct();

    public bool Overlaps(Slot other) => StartsAt < other.EndsAt && other.StartsAt < EndsAt; // back to back is fine

    /// <summary>Where the session is, as a comparable key: the teaching point, the venue text, or "online"; null when unknown.</summary>
    public string? PlaceKey => Delivery == Delivery.LiveOnline ? "online"
        : TeachingPointId is { } tp ? "tp:" + tp
        : NormalizeVenue(Venue) is { Length: > 0 } v ? "venue:" + v : null;

    public static string NormalizeVenue(string? venue) =>
        new string((venue ?? "").Normalize(System.Text.NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();
}

public enum ClashKind
{
    /// <summary>One instructor (or team) in two overlapping sessions, in this class or another.</summary>
    InstructorDoubleBooked,
    /// <summary>One venue or teaching point used by two classes at once.</summary>
    VenueDoubleBooked,
    /// <summary>The class in two overlapping sessions at different places.</summary>
    ClassInTwoPlaces,
    /// <summary>Two sessions of the class overlap at the same (or an unknown) place.</summary>
    Overlap,
    /// <summary>A session not on any day of the class (its dates changed after the session was planned).</summary>
    OutsideClassDays,
}

/// <summary>A warning; <see cref="Second"/> is the other session for every kind but <see cref="ClashKind.OutsideClassDays"/>.</summary>
public sealed record Clash(ClashKind Kind, Slot First, Slot? Second, long? InstructorId = null, long? TeamId = null);

/// <summary>
/// Finds what cannot happen as planned. Warnings, not errors: an organizer may knowingly run two tracks at
/// once; the timetable shows every warning with both sessions named.
/// </summary>
public static class ClashDetector
{
    /// <param name="sessions">The sessions of one class.</param>
    /// <param name="days">That class's days.</param>
    /// <param name="others">Sessions of other classes that may overlap (instructor and venue clashes).</param>
    public static IReadOnlyList<Clash> Detect(IReadOnlyList<Slot> sessions, ClassDays days, IReadOnlyList<Slot> others)
    {
        var clashes = new List<Clash>();
        var ordered = sessions.OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToList();
        foreach (var s in ordered.Where(s => !days.Contains(s.Date)))
            clashes.Add(new Clash(ClashKind.OutsideClassDays, s, null));

        var timed = ordered.Where(s => s.Delivery != Delivery.SelfPaced).ToList();
        for (var i = 0; i < timed.Count; i++)
        for (var j = i + 1; j < timed.Count; j++)
        {
            var (a, b) = (timed[i], timed[j]);
            if (b.StartsAt >= a.EndsAt) break; // sorted by start: nothing later can overlap a
            if (!a.Overlaps(b)) continue;
            var (pa, pb) = (a.PlaceKey, b.PlaceKey);
            clashes.Add(new Clash(pa is not null && pb is not null && pa != pb ? ClashKind.ClassInTwoPlaces : ClashKind.Overlap, a, b));
            AddPeople(clashes, a, b);
        }

        var foreign = others.Where(o => o.Delivery != Delivery.SelfPaced && o.CohortId != (sessions.FirstOrDefault()?.CohortId ?? -1))
            .OrderBy(o => o.StartsAt).ThenBy(o => o.Id).ToList();
        foreach (var a in timed)
        foreach (var b in foreign)
        {
            if (b.StartsAt >= a.EndsAt) break;
            if (!a.Overlaps(b)) continue;
            AddPeople(clashes, a, b);
            if (a.Delivery == Delivery.InPerson && b.Delivery == Delivery.InPerson && a.PlaceKey is { } p && p == b.PlaceKey)
                clashes.Add(new Clash(ClashKind.VenueDoubleBooked, a, b));
        }
        return clashes;
    }

    private static void AddPeople(List<Clash> clashes, Slot a, Slot b)
    {
        // A team on both sessions is reported once as the team, not once more per member.
        var commonTeams = a.Teams.Keys.Intersect(b.Teams.Keys).Order().ToList();
        var covered = commonTeams.SelectMany(t => a.Teams[t].Concat(b.Teams[t])).ToHashSet();
        foreach (var id in commonTeams)
            clashes.Add(new Clash(ClashKind.InstructorDoubleBooked, a, b, TeamId: id));
        foreach (var id in a.People.Intersect(b.People).Where(p => !covered.Contains(p)).Order())
            clashes.Add(new Clash(ClashKind.InstructorDoubleBooked, a, b, InstructorId: id));
    }
}
