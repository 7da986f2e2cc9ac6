namespace CommunityAcademy.Domain.Attendance;

/// <summary>A session of the class's timetable as leave sees it: its day in the class's zone and its instants (UTC).</summary>
public sealed record LeaveSlot(long SessionId, DateOnly Day, DateTimeOffset Start, DateTimeOffset End);

/// <summary>One leave request made of chosen sessions: from the first one's start to the last one's end.</summary>
public sealed record LeavePart(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<long> SessionIds);

/// <summary>
/// 请假 for chosen sessions (#14): sessions that are adjacent — next to each other in the class's timetable, on the same
/// day, with no session between them left out — make one request; the others make separate ones, so a request never
/// excuses a session the trainee did not choose.
/// </summary>
public static class LeavePlan
{
    /// <summary>The requests for <paramref name="chosen"/> out of <paramref name="timetable"/> (the class's sessions that
    /// count, in any order). Ids not in the timetable are ignored (the caller refuses them first).</summary>
    public static IReadOnlyList<LeavePart> Split(IEnumerable<LeaveSlot> timetable, IEnumerable<long> chosen)
    {
        var wanted = chosen.ToHashSet();
        var parts = new List<LeavePart>();
        List<LeaveSlot>? run = null;
        foreach (var s in timetable.OrderBy(s => s.Start).ThenBy(s => s.End).ThenBy(s => s.SessionId))
        {
            if (!wanted.Contains(s.SessionId))
            {
                Close();
                continue;
            }
            if (run is not null && run[^1].Day != s.Day) Close();
            (run ??= []).Add(s);
        }
        Close();
        return parts;

        void Close()
        {
            if (run is null) return;
            parts.Add(new LeavePart(run.Min(x => x.Start), run.Max(x => x.End), run.Select(x => x.SessionId).ToList()));
            run = null;
        }
    }
}
