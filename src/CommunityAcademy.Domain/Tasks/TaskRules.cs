namespace CommunityAcademy.Domain.Tasks;

/// <summary>
/// A hand-in as typed: per field key, the text, the table's rows (cells in column order), the list's items, and how many
/// photos or files are attached.
/// </summary>
public sealed record HandIn(
    IReadOnlyDictionary<string, string> Texts,
    IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<string>>> Tables,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Lists,
    IReadOnlyDictionary<string, int> Files)
{
    public static readonly HandIn Empty = new(new Dictionary<string, string>(), new Dictionary<string, IReadOnlyList<IReadOnlyList<string>>>(),
        new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, int>());

    /// <summary>The same hand-in with blank entries gone: texts trimmed, wholly empty rows and blank items dropped, cells trimmed.</summary>
    public HandIn Clean() => new(
        Texts.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value.Trim()),
        Tables.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<IReadOnlyList<string>>)kv.Value
            .Select(r => (IReadOnlyList<string>)r.Select(c => (c ?? "").Trim()).ToList()).Where(r => r.Any(c => c.Length > 0)).ToList())
            .Where(kv => kv.Value.Count > 0).ToDictionary(kv => kv.Key, kv => kv.Value),
        Lists.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.Select(i => (i ?? "").Trim()).Where(i => i.Length > 0).ToList())
            .Where(kv => kv.Value.Count > 0).ToDictionary(kv => kv.Key, kv => kv.Value),
        Files.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value));

    public bool IsEmpty => Texts.Count == 0 && Tables.Count == 0 && Lists.Count == 0 && Files.Count == 0;
}

/// <summary>Where a trainee's practice task stands.</summary>
public enum TaskState { NotHandedIn, HandedIn, Returned, Accepted }

/// <summary>The rules of practice tasks (实践任务): complete against the spec, late, overdue, the states, 学时.</summary>
public static class TaskRules
{
    /// <summary>
    /// Null when the hand-in (cleaned, <see cref="HandIn.Clean"/>) meets its spec; otherwise the first rule broken, in the
    /// order of the fields: nothing at all, a text shorter than asked, too few rows, a row with an empty cell, too few items
    /// or photos; and entries for no field of the spec or over the limits. A draft (<paramref name="draft"/>) is checked only
    /// against the limits.
    /// </summary>
    public static Error? Check(TaskSpec spec, HandIn h, bool draft = false)
    {
        var keys = spec.Fields.ToDictionary(f => f.Key);
        foreach (var k in h.Texts.Keys.Concat(h.Tables.Keys).Concat(h.Lists.Keys).Concat(h.Files.Keys))
            if (!keys.ContainsKey(k)) return new Error("Task.UnknownField", k);
        foreach (var f in spec.Fields)
        {
            if (h.Texts.TryGetValue(f.Key, out var t) && (f.Kind != FieldKind.Text || t.Length > TaskSpec.MaxText)) return new Error("Task.TextLong", f.Label, TaskSpec.MaxText);
            if (h.Tables.TryGetValue(f.Key, out var rows))
            {
                if (f.Kind != FieldKind.Table || rows.Count > TaskSpec.MaxRows) return new Error("Task.TooManyRows", f.Label, TaskSpec.MaxRows);
                if (rows.Any(r => r.Count != f.ColumnNames.Count || r.Any(c => c.Length > TaskSpec.MaxCell))) return new Error("Task.BadRow", f.Label, TaskSpec.MaxCell);
            }
            if (h.Lists.TryGetValue(f.Key, out var items) && (f.Kind != FieldKind.List || items.Count > TaskSpec.MaxItems || items.Any(i => i.Length > TaskSpec.MaxCell)))
                return new Error("Task.TooManyItems", f.Label, TaskSpec.MaxItems, TaskSpec.MaxCell);
        }
        if (draft) return null;
        if (h.IsEmpty) return new Error("Task.Empty");
        foreach (var f in spec.Fields)
        {
            switch (f.Kind)
            {
                case FieldKind.Text:
                    var length = h.Texts.TryGetValue(f.Key, out var t) ? t.Length : 0;
                    if (length < f.Min) return new Error("Task.TextShort", f.Label, f.Min, length);
                    break;
                case FieldKind.Table:
                    var rows = h.Tables.TryGetValue(f.Key, out var r) ? r : [];
                    for (var i = 0; i < rows.Count; i++)
                        if (rows[i].Select((c, j) => (c, j)).FirstOrDefault(x => x.c.Length == 0) is { c: not null } empty)
                            return new Error("Task.RowIncomplete", f.Label, i + 1, f.ColumnNames[empty.j]);
                    if (rows.Count < f.Min) return new Error("Task.TooFewRows", f.Label, f.Min, rows.Count);
                    break;
                case FieldKind.List:
                    var n = h.Lists.TryGetValue(f.Key, out var items) ? items.Count : 0;
                    if (n < f.Min) return new Error("Task.TooFewItems", f.Label, f.Min, n);
                    break;
                default:
                    var files = h.Files.GetValueOrDefault(f.Key);
                    if (files < f.Min) return new Error(f.Kind == FieldKind.Photos ? "Task.TooFewPhotos" : "Task.TooFewFiles", f.Label, f.Min, files);
                    break;
            }
        }
        return null;
    }

    /// <summary>A hand-in after the due instant is late (accepted, marked); at the instant itself it is on time.</summary>
    public static bool IsLate(DateTimeOffset due, DateTimeOffset handedIn) => handedIn > due;

    /// <summary>Overdue: not handed in and the due instant has passed.</summary>
    public static bool IsOverdue(TaskState state, DateTimeOffset due, DateTimeOffset now) => state == TaskState.NotHandedIn && now > due;

    /// <summary>A trainee hands in (again): first time, after a return, or replacing a hand-in no one has accepted yet.</summary>
    public static Result<TaskState> HandInFrom(TaskState state) =>
        state == TaskState.Accepted ? new Error("Task.AlreadyAccepted") : Result<TaskState>.Ok(TaskState.HandedIn);

    /// <summary>A mentor returns a hand-in for revision, with an opinion (退回修改).</summary>
    public static Result<TaskState> ReturnFrom(TaskState state, string? opinion) => state switch
    {
        TaskState.NotHandedIn => new Error("Task.NothingHandedIn"),
        TaskState.Returned => new Error("Task.AlreadyReturned"),
        TaskState.Accepted => new Error("Task.AlreadyAccepted"),
        _ when string.IsNullOrWhiteSpace(opinion) => new Error("Task.OpinionRequired"),
        _ => Result<TaskState>.Ok(TaskState.Returned),
    };

    /// <summary>A mentor's submitted score accepts the hand-in (its 学时 awarded); a returned one waits for the next hand-in.</summary>
    public static Result<TaskState> ScoreFrom(TaskState state) => state switch
    {
        TaskState.NotHandedIn => new Error("Task.NothingHandedIn"),
        TaskState.Returned => new Error("Task.WaitingForRevision"),
        _ => Result<TaskState>.Ok(TaskState.Accepted),
    };

    /// <summary>学时 as typed: 0 to 100, at most one decimal (0.5, 2, 4.5).</summary>
    public static Result<decimal> Hours(string? text)
    {
        if (!decimal.TryParse((text ?? "").Trim(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var h)
            || h < 0 || h > 100 || h * 10 != decimal.Truncate(h * 10))
            return new Error("Task.Hours", (text ?? "").Trim());
        return Result<decimal>.Ok(h);
    }

    /// <summary>The default rubric of a task: 完成情况 and 完成质量 (completion, performance), equal weights, 0–100.</summary>
    public static Reviews.Rubric DefaultRubric() => new("实践任务评分", 1,
    [
        new("completion", "完成情况", 1, Reviews.Scale.Percent), new("performance", "完成质量", 1, Reviews.Scale.Percent),
    ]);
}
