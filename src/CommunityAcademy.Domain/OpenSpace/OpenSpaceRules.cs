using System.Globalization;
using System.Text.RegularExpressions;

namespace CommunityAcademy.Domain.OpenSpace;

/// <summary>A time slot of an Open Space, "14:30–15:15".</summary>
public readonly record struct OpenSpaceSlot(TimeOnly Starts, TimeOnly Ends)
{
    public override string ToString() => $"{Starts:HH\\:mm}–{Ends:HH\\:mm}";
}

/// <summary>A space (a room, a corner) and how many people it holds (null: not said).</summary>
public readonly record struct OpenSpaceSpace(string Name, int? Capacity);

/// <summary>
/// 开放空间 (#17 point 1): the limits of what is typed and how slots and spaces are written ("14:30-15:15", "一号角 8").
/// Errors are OpenSpace.* codes (texts Error.OpenSpace.*).
/// </summary>
public static partial class OpenSpaceRules
{
    public const int MaxTheme = 200, MaxTitle = 100, MaxDescription = 300, MaxNotes = 20_000, MaxSpaceName = 50;
    public const int MaxSlots = 12, MaxSpaces = 40;

    [GeneratedRegex(@"^\s*(\d{1,2})[:：](\d{2})\s*[-–—~至到]+\s*(\d{1,2})[:：](\d{2})\s*$")]
    private static partial Regex SlotPattern();

    [GeneratedRegex(@"^(.*?)\s+(\d{1,4})\s*人?$")]
    private static partial Regex SpacePattern();

    public static Result<OpenSpaceSlot> ParseSlot(string text)
    {
        var m = SlotPattern().Match(text ?? "");
        if (!m.Success) return new Error("OpenSpace.BadSlot", text ?? "");
        int N(int g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        if (N(1) > 23 || N(2) > 59 || N(3) > 23 || N(4) > 59) return new Error("OpenSpace.BadSlot", text!);
        var slot = new OpenSpaceSlot(new TimeOnly(N(1), N(2)), new TimeOnly(N(3), N(4)));
        return slot.Ends <= slot.Starts ? new Error("OpenSpace.BadSlot", text!) : Result<OpenSpaceSlot>.Ok(slot);
    }

    /// <summary>"一号角 8" or "一号角 8人" (a capacity at the end) or just a name.</summary>
    public static Result<OpenSpaceSpace> ParseSpace(string text)
    {
        var t = (text ?? "").Trim();
        var m = SpacePattern().Match(t);
        var (name, capacity) = m.Success && m.Groups[1].Value.Trim().Length > 0
            ? (m.Groups[1].Value.Trim(), (int?)int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)) : (t, null);
        if (name.Length is 0 or > MaxSpaceName) return new Error("OpenSpace.BadSpace", MaxSpaceName);
        if (capacity is 0) return new Error("OpenSpace.BadSpace", MaxSpaceName);
        return Result<OpenSpaceSpace>.Ok(new OpenSpaceSpace(name, capacity));
    }

    /// <summary>Slots in time order that do not overlap; at least one, at most <see cref="MaxSlots"/>.</summary>
    public static Error? CheckSlots(IReadOnlyList<OpenSpaceSlot> slots)
    {
        if (slots.Count is 0 or > MaxSlots) return new Error("OpenSpace.SlotCount", MaxSlots);
        for (var i = 1; i < slots.Count; i++)
            if (slots[i].Starts < slots[i - 1].Ends) return new Error("OpenSpace.SlotsOverlap", slots[i - 1].ToString(), slots[i].ToString());
        return null;
    }

    public static Error? CheckSpaces(IReadOnlyList<OpenSpaceSpace> spaces)
    {
        if (spaces.Count is 0 or > MaxSpaces) return new Error("OpenSpace.SpaceCount", MaxSpaces);
        var twice = spaces.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        return twice is null ? null : new Error("OpenSpace.SpaceTwice", twice.Key);
    }

    public static Error? CheckTheme(string? theme) =>
        (theme ?? "").Trim().Length is 0 or > MaxTheme ? new Error("OpenSpace.ThemeRequired", MaxTheme) : null;

    /// <summary>A topic: a title (required, at most <see cref="MaxTitle"/>) and a line of description.</summary>
    public static Error? CheckTopic(string? title, string? description)
    {
        if ((title ?? "").Trim().Length is 0 or > MaxTitle) return new Error("OpenSpace.TitleRequired", MaxTitle);
        if ((description ?? "").Trim().Length > MaxDescription) return new Error("OpenSpace.DescriptionTooLong", MaxDescription);
        return null;
    }

    /// <summary>Notes and action points: each at most <see cref="MaxNotes"/> characters (the count is in the message).</summary>
    public static Error? CheckNotes(string? notes, string? actions)
    {
        if ((notes ?? "").Length > MaxNotes) return new Error("OpenSpace.NotesTooLong", MaxNotes, notes!.Length);
        if ((actions ?? "").Length > MaxNotes) return new Error("OpenSpace.ActionsTooLong", MaxNotes, actions!.Length);
        return null;
    }
}
