using System.Globalization;
using CommunityAcademy.Domain.Cohorts;

namespace CommunityAcademy.Domain.Online;

/// <summary>One person of an export: their rows grouped (by mobile number, else by name and unit) with every interval.</summary>
public sealed record LiveExportPerson(int FirstRow, string Name, string? Phone, string? Unit, IReadOnlyList<Stretch> Stretches, IReadOnlyList<int> Rows);

/// <summary>A problem of the export at a spreadsheet row (0: the file) and column (a key of <see cref="LiveExport.Columns"/>, or the header as written).</summary>
public sealed record LiveExportError(int Row, string? Column, Error Error);

/// <summary>
/// A live platform's attendance export (#21 point 1): a header row naming 姓名, 手机号, 单位, 入会时间 and 离会时间 (or
/// their English names), then one row per join-leave interval. A column it does not know refuses the file (a misread
/// column would put the wrong times on people); a row without a name, with a time that is not a time, leaving before it
/// joins or entirely outside the course is an error of its row; one mobile number under two names is an error of the
/// later row. Times are the class's local time; a time without a date is on the course's day. Several rows of one person
/// are their intervals (merged later, so a row given twice counts once).
/// </summary>
public static class LiveExport
{
    public static readonly IReadOnlyDictionary<string, string[]> Columns = new Dictionary<string, string[]>
    {
        ["name"] = ["姓名", "用户姓名", "参会人", "参会者", "name"],
        ["phone"] = ["手机号", "手机", "手机号码", "电话", "联系电话", "phone", "mobile"],
        ["unit"] = ["单位", "所在单位", "工作单位", "社区", "unit", "organization"],
        ["join"] = ["入会时间", "加入时间", "进入时间", "join", "jointime", "join time"],
        ["leave"] = ["离会时间", "退出时间", "离开时间", "leave", "leavetime", "leave time"],
    };

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-M-d H:mm:ss", "yyyy-M-d H:mm", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm",
        "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm",
    ];
    private static readonly string[] TimeFormats = ["H:mm:ss", "H:mm", "HH:mm:ss", "HH:mm"];

    /// <summary>Which key a header names, or null.</summary>
    public static string? Key(string header)
    {
        var h = LiveMatching.Plain(header).ToLowerInvariant();
        foreach (var (key, names) in Columns)
            if (names.Any(n => LiveMatching.Plain(n).ToLowerInvariant() == h)) return key;
        return null;
    }

    /// <summary>
    /// Reads the rows (the first non-blank one is the header). Errors refuse the whole export; with none, the people.
    /// </summary>
    public static (IReadOnlyList<LiveExportPerson> People, IReadOnlyList<LiveExportError> Errors) Read(
        IReadOnlyList<(int Number, IReadOnlyList<string> Cells)> rows, DateTimeOffset start, DateTimeOffset end, string timeZone)
    {
        var errors = new List<LiveExportError>();
        var lines = rows.Where(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c))).ToList();
        if (lines.Count == 0) return ([], [new(0, null, new Error("Online.EmptyExport"))]);
        var header = lines[0];
        var at = new Dictionary<string, int>();
        for (var i = 0; i < header.Cells.Count; i++)
        {
            var h = (header.Cells[i] ?? "").Trim();
            if (h.Length == 0) continue;
            if (Key(h) is not { } key) errors.Add(new(header.Number, h, new Error("Online.UnknownColumn", h)));
            else if (at.ContainsKey(key)) errors.Add(new(header.Number, h, new Error("Online.ColumnTwice", h)));
            else at[key] = i;
        }
        foreach (var key in new[] { "name", "join", "leave" })
            if (!at.ContainsKey(key)) errors.Add(new(header.Number, key, new Error("Online.MissingColumn", Columns[key][0])));
        if (!at.ContainsKey("phone") && !at.ContainsKey("unit")) errors.Add(new(header.Number, "phone", new Error("Online.MissingColumn", Columns["phone"][0])));
        if (errors.Count > 0) return ([], errors);

        string Cell((int Number, IReadOnlyList<string> Cells) r, string key) =>
            at.TryGetValue(key, out var i) && i < r.Cells.Count ? (r.Cells[i] ?? "").Trim() : "";
        var day = ClassClock.ToLocal(start, timeZone).DateTime;
        var people = new Dictionary<string, (LiveExportPerson Person, List<Stretch> Stretches, List<int> Rows)>();
        var nameOfPhone = new Dictionary<string, string>();
        foreach (var r in lines.Skip(1))
        {
            var name = Cell(r, "name");
            var phoneText = Cell(r, "phone");
            var unit = Cell(r, "unit");
            var before = errors.Count;
            if (name.Length == 0) errors.Add(new(r.Number, "name", new Error("Online.NameRequired")));
            var phone = LiveMatching.Phone(phoneText);
            if (phoneText.Length > 0 && phone is null) errors.Add(new(r.Number, "phone", new Error("Online.BadPhone", phoneText)));
            var join = Time(Cell(r, "join"), day, timeZone);
            var leave = Time(Cell(r, "leave"), day, timeZone);
            if (join is null) errors.Add(new(r.Number, "join", new Error("Online.BadTime", Cell(r, "join"))));
            if (leave is null) errors.Add(new(r.Number, "leave", new Error("Online.BadTime", Cell(r, "leave"))));
            if (join is { } j && leave is { } l)
            {
                if (l <= j) errors.Add(new(r.Number, "leave", new Error("Online.LeaveBeforeJoin")));
                else if (!LivePresence.Touches(new Stretch(j, l), start, end)) errors.Add(new(r.Number, "join", new Error("Online.OutsideCourse")));
            }
            if (phone is not null && name.Length > 0)
            {
                if (nameOfPhone.TryGetValue(phone, out var other) && LiveMatching.Plain(other) != LiveMatching.Plain(name))
                    errors.Add(new(r.Number, "phone", new Error("Online.PhoneTwice", Accounts.Masking.Phone(phone), other)));
                else nameOfPhone.TryAdd(phone, name);
            }
            if (errors.Count > before) continue;
            var key = phone ?? "n:" + LiveMatching.Plain(name) + "|" + LiveMatching.Plain(unit);
            if (!people.TryGetValue(key, out var p))
                people[key] = p = (new LiveExportPerson(r.Number, name, phone, unit.Length == 0 ? null : unit, [], []), [], []);
            p.Stretches.Add(new Stretch(join!.Value, leave!.Value));
            p.Rows.Add(r.Number);
        }
        if (errors.Count > 0) return ([], errors);
        return (people.Values.Select(p => p.Person with { Stretches = p.Stretches, Rows = p.Rows }).OrderBy(p => p.FirstRow).ToList(), []);
    }

    /// <summary>A local date and time (or a time on the course's day) as an instant; null when it is not one.</summary>
    public static DateTimeOffset? Time(string text, DateTime courseDay, string timeZone)
    {
        text = text.Trim();
        if (DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
            return ClassClock.ToInstant(DateOnly.FromDateTime(dt), TimeOnly.FromDateTime(dt), timeZone);
        if (TimeOnly.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            return ClassClock.ToInstant(DateOnly.FromDateTime(courseDay), t, timeZone);
        return null;
    }
}
