namespace CommunityAcademy.Domain.Units;

/// <summary>
/// The order of the unit tree (issue #15): siblings in their own order (as entered or imported, changed by moving
/// them up or down), a unit's departments before its child places (附件1: 鄂城区民政局 before 凤凰街道). Every list, page and
/// document follows the tree in this order. The database keeps the same order as <c>units.sort_key</c>, one fixed-width
/// segment per level, so <c>ORDER BY sort_key</c> is tree order in SQL (text comparison of ids, "28" &lt; "3", is not).
/// </summary>
public static class UnitOrder
{
    /// <summary>Digits of a sibling's position in the key: up to 999,999 siblings.</summary>
    public const int Width = 6;

    /// <summary>0 for departments (first), 1 for places.</summary>
    public static int Group(UnitKind kind) => kind == UnitKind.Department ? 0 : 1;

    /// <summary>One level of the key: group digit and position, e.g. "1000003".</summary>
    public static string Segment(UnitKind kind, int sortOrder)
    {
        if (sortOrder < 0 || sortOrder >= 1_000_000) throw new ArgumentOutOfRangeException(nameof(sortOrder));
        return Group(kind).ToString(System.Globalization.CultureInfo.InvariantCulture)
            + sortOrder.ToString("D" + Width, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The key of a unit under a parent of key <paramref name="parentKey"/> ("/" or null for a root).</summary>
    public static string SortKey(string? parentKey, UnitKind kind, int sortOrder) =>
        (string.IsNullOrEmpty(parentKey) ? "/" : parentKey) + Segment(kind, sortOrder) + "/";

    /// <summary>Siblings in tree order: departments first, then by position, then (equal positions) by id.</summary>
    public static int CompareSiblings(UnitNode a, UnitNode b)
    {
        var c = Group(a.Kind).CompareTo(Group(b.Kind));
        if (c == 0) c = a.SortOrder.CompareTo(b.SortOrder);
        return c != 0 ? c : a.Id.CompareTo(b.Id);
    }

    public static readonly Comparer<UnitNode> Siblings = Comparer<UnitNode>.Create(CompareSiblings);

    /// <summary>Sort keys compare as ordinal text.</summary>
    public static readonly StringComparer Keys = StringComparer.Ordinal;

    /// <summary>
    /// The sibling a unit swaps places with when moved up (<paramref name="up"/>) or down: the nearest one before or after
    /// it in tree order within its group (a department moves among departments, a place among places); null at the end.
    /// </summary>
    public static UnitNode? SwapPartner(IReadOnlyList<UnitNode> siblingsInOrder, long id, bool up)
    {
        var i = -1;
        for (var k = 0; k < siblingsInOrder.Count; k++) if (siblingsInOrder[k].Id == id) { i = k; break; }
        if (i < 0) return null;
        var j = up ? i - 1 : i + 1;
        if (j < 0 || j >= siblingsInOrder.Count) return null;
        var other = siblingsInOrder[j];
        return Group(other.Kind) == Group(siblingsInOrder[i].Kind) ? other : null;
    }
}
