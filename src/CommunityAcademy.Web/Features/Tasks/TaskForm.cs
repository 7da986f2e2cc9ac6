using CommunityAcademy.Domain.Tasks;

namespace CommunityAcademy.Web.Features.Tasks;

/// <summary>A hand-in as the phone's form posts it: T[f1] a text, C[f1][row][col] a table's cells, L[f1] a list (one item a line).</summary>
public static class TaskForm
{
    public static HandIn Read(IFormCollection form, TaskSpec spec)
    {
        var texts = new Dictionary<string, string>();
        var tables = new Dictionary<string, IReadOnlyList<IReadOnlyList<string>>>();
        var lists = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var f in spec.Fields)
            switch (f.Kind)
            {
                case FieldKind.Text:
                    texts[f.Key] = form[$"T[{f.Key}]"].ToString();
                    break;
                case FieldKind.List:
                    lists[f.Key] = form[$"L[{f.Key}]"].ToString().Split('\n').Select(x => x.Trim()).ToList();
                    break;
                case FieldKind.Table:
                    var rows = new List<IReadOnlyList<string>>();
                    for (var r = 0; r < TaskSpec.MaxRows + 1; r++)
                    {
                        if (!form.ContainsKey($"C[{f.Key}][{r}][0]")) break;
                        rows.Add(f.ColumnNames.Select((_, c) => form[$"C[{f.Key}][{r}][{c}]"].ToString()).ToList());
                    }
                    tables[f.Key] = rows;
                    break;
            }
        return new HandIn(texts, tables, lists, new Dictionary<string, int>());
    }

    /// <summary>How many table rows the form shows: what is there plus two blank, at least the minimum.</summary>
    public static int RowsShown(TaskField f, HandIn h) =>
        Math.Min(TaskSpec.MaxRows, Math.Max(f.Min, (h.Tables.TryGetValue(f.Key, out var r) ? r.Count : 0) + 2));
}
