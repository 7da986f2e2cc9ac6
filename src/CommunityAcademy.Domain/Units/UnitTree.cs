namespace CommunityAcademy.Domain.Units;

/// <summary>A unit; <paramref name="SortOrder"/> is its position among its siblings (see <see cref="UnitOrder"/>).</summary>
public sealed record UnitNode(long Id, long? ParentId, string Name, UnitKind Kind, int SortOrder = 0);

/// <summary>
/// The unit tree in memory: subtree membership, paths, and the rules for adding and moving.
/// Built from the stored rows; the database keeps a materialized path for the same questions in SQL.
/// </summary>
public sealed class UnitTree
{
    private readonly Dictionary<long, UnitNode> _nodes;
    private readonly Dictionary<long, List<UnitNode>> _children = new();
    private readonly List<UnitNode> _roots = new();

    private readonly Dictionary<string, List<UnitNode>> _byName = new();

    public UnitTree(IEnumerable<UnitNode> nodes)
    {
        _nodes = nodes.ToDictionary(n => n.Id);
        foreach (var n in _nodes.Values.OrderBy(n => n.Id)) Link(n);
        foreach (var list in _children.Values) list.Sort(UnitOrder.Siblings);
        _roots.Sort(UnitOrder.Siblings);
    }

    /// <summary>Adds a node whose parent is already in the tree (imports grow the tree row by row).</summary>
    public void Add(UnitNode node)
    {
        if (!_nodes.TryAdd(node.Id, node)) throw new ArgumentException($"Unit {node.Id} is already in the tree.");
        Link(node);
    }

    private void Link(UnitNode n)
    {
        if (n.ParentId is { } p && _nodes.ContainsKey(p))
        {
            if (!_children.TryGetValue(p, out var list)) _children[p] = list = new();
            Insert(list, n);
        }
        else Insert(_roots, n);
        if (!_byName.TryGetValue(n.Name, out var same)) _byName[n.Name] = same = new();
        same.Add(n);
    }

    /// <summary>Keeps a sibling list in tree order (<see cref="UnitOrder.Siblings"/>).</summary>
    private static void Insert(List<UnitNode> list, UnitNode n)
    {
        var i = list.BinarySearch(n, UnitOrder.Siblings);
        list.Insert(i < 0 ? ~i : i, n);
    }

    /// <summary>Every unit depth first, each unit's departments before its places, siblings in their order.</summary>
    public IEnumerable<UnitNode> InOrder() => _roots.ToList().SelectMany(r => Subtree(r.Id));

    public IReadOnlyList<UnitNode> Roots => _roots;
    public int Count => _nodes.Count;
    public UnitNode? Find(long id) => _nodes.GetValueOrDefault(id);
    public IReadOnlyList<UnitNode> Children(long id) => _children.TryGetValue(id, out var c) ? c : [];

    /// <summary>Root first, the node itself last.</summary>
    public IReadOnlyList<UnitNode> PathTo(long id)
    {
        var path = new List<UnitNode>();
        var seen = new HashSet<long>();
        for (var n = Find(id); n is not null && seen.Add(n.Id); n = n.ParentId is { } p ? Find(p) : null)
            path.Add(n);
        path.Reverse();
        return path;
    }

    public string PathName(long id, string separator = "/") =>
        string.Join(separator, PathTo(id).Select(n => n.Name));

    /// <summary>True when <paramref name="id"/> is <paramref name="rootId"/> or lies below it.</summary>
    public bool IsInSubtree(long rootId, long id) => PathTo(id).Any(n => n.Id == rootId);

    /// <summary>The node and everything below it, depth first, in a stable order.</summary>
    public IEnumerable<UnitNode> Subtree(long rootId)
    {
        if (Find(rootId) is not { } root) yield break;
        var stack = new Stack<UnitNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            yield return n;
            var kids = Children(n.Id);
            for (var i = kids.Count - 1; i >= 0; i--) stack.Push(kids[i]);
        }
    }

    /// <summary>The nearest ancestor (or the node itself) at district level, if any.</summary>
    public UnitNode? DistrictOf(long id) => PathTo(id).FirstOrDefault(n => n.Kind.Level() == 2);

    public static string NormalizeName(string name) => name.Trim();

    /// <summary>Checks a new unit: a name, a valid placement, no sibling of the same name.</summary>
    public Error? CheckNew(long? parentId, string name, UnitKind kind)
    {
        var n = NormalizeName(name);
        if (n.Length == 0) return new Error("Unit.NameRequired");
        if (n.Length > 100) return new Error("Unit.NameTooLong", 100);
        UnitKind? parentKind = null;
        if (parentId is { } pid)
        {
            if (Find(pid) is not { } parent) return new Error("Unit.ParentNotFound");
            parentKind = parent.Kind;
        }
        return CheckPlacementAndName(parentId, parentKind, n, kind, exceptId: null);
    }

    public Error? CheckRename(long id, string newName)
    {
        var n = NormalizeName(newName);
        if (Find(id) is not { } node) return new Error("Unit.NotFound");
        if (n.Length == 0) return new Error("Unit.NameRequired");
        if (n.Length > 100) return new Error("Unit.NameTooLong", 100);
        return SiblingNamed(node.ParentId, n, exceptId: id) is not null ? new Error("Unit.NameTaken", n) : null;
    }

    /// <summary>Moving a subtree: not under itself, a valid placement, no name clash at the destination.</summary>
    public Error? CheckMove(long id, long? newParentId)
    {
        if (Find(id) is not { } node) return new Error("Unit.NotFound");
        UnitKind? parentKind = null;
        if (newParentId is { } pid)
        {
            if (Find(pid) is not { } parent) return new Error("Unit.ParentNotFound");
            if (IsInSubtree(id, pid)) return new Error("Unit.MoveIntoOwnSubtree", node.Name, parent.Name);
            parentKind = parent.Kind;
        }
        return CheckPlacementAndName(newParentId, parentKind, node.Name, node.Kind, exceptId: id);
    }

    private Error? CheckPlacementAndName(long? parentId, UnitKind? parentKind, string name, UnitKind kind, long? exceptId) =>
        UnitKinds.CheckPlacement(parentKind, kind)
        ?? (SiblingNamed(parentId, name, exceptId) is not null ? new Error("Unit.NameTaken", name) : null);

    public UnitNode? SiblingNamed(long? parentId, string name, long? exceptId = null)
    {
        var siblings = parentId is { } p ? Children(p) : _roots;
        return siblings.FirstOrDefault(s => s.Id != exceptId && s.Name == name);
    }

    /// <summary>
    /// Finds a unit by a path of names ("鄂州市/鄂城区/凤凰街道") or, when the last name is unique
    /// in the whole tree, by that name alone. Returns null when nothing or more than one matches.
    /// </summary>
    public UnitNode? Resolve(string pathOrName, out bool ambiguous)
    {
        ambiguous = false;
        var parts = pathOrName.Split(['/', '／', '>', '＞'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) return null;
        var candidates = (_byName.TryGetValue(parts[^1], out var named) ? named : [])
            .Where(c => EndsWithPath(c.Id, parts)).ToList();
        if (candidates.Count > 1) ambiguous = true;
        return candidates.Count == 1 ? candidates[0] : null;
    }

    private bool EndsWithPath(long id, string[] parts)
    {
        var path = PathTo(id);
        if (path.Count < parts.Length) return false;
        for (int i = 0; i < parts.Length; i++)
            if (path[path.Count - parts.Length + i].Name != parts[i]) return false;
        return true;
    }
}
