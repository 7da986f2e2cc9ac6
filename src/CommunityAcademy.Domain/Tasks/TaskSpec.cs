namespace CommunityAcademy.Domain.Tasks;

/// <summary>What a field of a practice task's hand-in is.</summary>
public enum FieldKind { Text, Table, List, Photos, Files }

/// <summary>
/// One field of what to hand in: a text (at least <see cref="Min"/> characters), a small table with named
/// <see cref="Columns"/> (at least <see cref="Min"/> rows, every cell filled), a list (at least <see cref="Min"/> items),
/// photos or files (at least <see cref="Min"/>). Min 0: optional.
/// </summary>
public sealed record TaskField(string Key, FieldKind Kind, string Label, int Min = 0, IReadOnlyList<string>? Columns = null)
{
    public IReadOnlyList<string> ColumnNames => Columns ?? [];
}

/// <summary>What a practice task asks to hand in (实践任务的提交要求), as a small form.</summary>
public sealed record TaskSpec(IReadOnlyList<TaskField> Fields)
{
    public const int MaxFields = 10, MaxLabel = 40, MaxColumns = 8, MaxMin = 100_000, MaxRows = 100, MaxItems = 100, MaxText = 20_000, MaxCell = 500;

    private static readonly (string Word, FieldKind Kind)[] Words =
    [
        ("文本", FieldKind.Text), ("表格", FieldKind.Table), ("清单", FieldKind.List), ("照片", FieldKind.Photos), ("文件", FieldKind.Files),
        ("text", FieldKind.Text), ("table", FieldKind.Table), ("list", FieldKind.List), ("photos", FieldKind.Photos), ("files", FieldKind.Files),
    ];

    public static string Word(FieldKind k) => Words.First(w => w.Kind == k).Word;

    /// <summary>
    /// The spec as an organizer types it, one field a line: <c>种类|名称|最少</c>, a table <c>表格|名称|列1,列2|最少行数</c>.
    /// E.g. <c>表格|居民骨干|姓名,特长|3</c>, <c>文本|学习总结报告|800</c>, <c>照片|活动照片|1</c>. Keys f1, f2 … in order.
    /// </summary>
    public static Result<TaskSpec> Parse(string? text)
    {
        var lines = (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0) return new Error("Task.NoFields");
        if (lines.Length > MaxFields) return new Error("Task.TooManyFields", MaxFields);
        var fields = new List<TaskField>();
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split(['|', '｜'], StringSplitOptions.TrimEntries);
            var line = i + 1;
            var kind = Words.FirstOrDefault(w => string.Equals(w.Word, parts[0], StringComparison.OrdinalIgnoreCase));
            if (kind.Word is null) return new Error("Task.FieldKind", line, parts[0]);
            if (parts.Length < 2 || parts[1].Length == 0) return new Error("Task.FieldLabel", line);
            if (parts[1].Length > MaxLabel) return new Error("Task.FieldLabelLong", line, MaxLabel);
            IReadOnlyList<string>? columns = null;
            var minAt = 2;
            if (kind.Kind == FieldKind.Table)
            {
                if (parts.Length < 3) return new Error("Task.TableColumns", line);
                columns = parts[2].Split([',', '，', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (columns.Count is 0 or > MaxColumns || columns.Any(c => c.Length > MaxLabel) || columns.Distinct().Count() != columns.Count)
                    return new Error("Task.TableColumns", line);
                minAt = 3;
            }
            var min = 0;
            if (parts.Length > minAt && parts[minAt].Length > 0 && (!int.TryParse(parts[minAt], out min) || min < 0 || min > MaxMin))
                return new Error("Task.FieldMin", line, parts[minAt]);
            if (parts.Length > minAt + 1) return new Error("Task.FieldExtra", line);
            if (fields.Any(f => f.Label == parts[1])) return new Error("Task.FieldDuplicate", parts[1]);
            fields.Add(new TaskField($"f{i + 1}", kind.Kind, parts[1], min, columns));
        }
        return Result<TaskSpec>.Ok(new TaskSpec(fields));
    }

    /// <summary>The spec as <see cref="Parse"/> reads it.</summary>
    public string Format() => string.Join("\n", Fields.Select(f => f.Kind == FieldKind.Table
        ? $"{Word(f.Kind)}|{f.Label}|{string.Join(",", f.ColumnNames)}|{f.Min}"
        : $"{Word(f.Kind)}|{f.Label}|{f.Min}"));
}
