using System.Data.Common;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Units;

public sealed class UnitRow
{
    public long Id { get; init; }
    public long? ParentId { get; init; }
    public string Name { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Path { get; init; } = "";
    /// <summary>Position among its siblings (<see cref="UnitOrder"/>).</summary>
    public int SortOrder { get; init; }
    /// <summary>Sorts the whole tree in order as ordinal text (<see cref="UnitOrder"/>).</summary>
    public string SortKey { get; init; } = "";

    public UnitNode ToNode() => new(Id, ParentId, Name, UnitKinds.TryParse(Kind, out var k) ? k : UnitKind.Department, SortOrder);
}

/// <summary>A new unit: parent given by id, or (import) by a row of the same batch.</summary>
public sealed record NewUnit(string Name, UnitKind Kind, long? ParentId);

/// <summary>
/// The unit tree in the database. Every read takes the caller and returns only what the caller may see:
/// staff see the whole tree, a unit contact its unit's subtree, a trainee their own unit.
/// </summary>
public sealed class UnitStore(Db db)
{
    private const string Columns = "id, parent_id, name, kind, path, sort_order, sort_key";

    /// <summary>Every unit in tree order (<see cref="UnitOrder"/>: departments first, siblings in their order).</summary>
    public async Task<IReadOnlyList<UnitRow>> AllAsync(DbConnection? c = null, DbTransaction? tx = null)
    {
        if (c is not null) return (await c.QueryAsync<UnitRow>($"SELECT {Columns} FROM units ORDER BY sort_key, id", transaction: tx)).ToList();
        await using var conn = await db.OpenAsync();
        return (await conn.QueryAsync<UnitRow>($"SELECT {Columns} FROM units ORDER BY sort_key, id")).ToList();
    }

    public async Task<UnitTree> TreeAsync() => new((await AllAsync()).Select(r => r.ToNode()));

    /// <summary>The units the caller may see, in tree order.</summary>
    public async Task<(UnitTree Tree, IReadOnlyList<UnitNode> Visible)> VisibleAsync(CurrentUser me)
    {
        var tree = await TreeAsync();
        return (tree, Visible(tree, me).ToList());
    }

    public static IEnumerable<UnitNode> Visible(UnitTree tree, CurrentUser me)
    {
        if (me.IsStaff) return tree.Roots.SelectMany(r => tree.Subtree(r.Id));
        if (me.UnitId is not { } unit) return [];
        if (me.IsIn(Role.UnitContact)) return tree.Subtree(unit);
        return tree.Find(unit) is { } own ? [own] : [];
    }

    public static bool CanSee(UnitTree tree, CurrentUser me, long unitId) =>
        tree.Find(unitId) is not null && (me.IsStaff
            || (me.UnitId is { } u && (me.IsIn(Role.UnitContact) ? tree.IsInSubtree(u, unitId) : u == unitId)));

    public async Task<Result<long>> CreateAsync(NewUnit unit)
    {
        var tree = await TreeAsync();
        if (tree.CheckNew(unit.ParentId, unit.Name, unit.Kind) is { } error) return error;
        try
        {
            return await db.InTransactionAsync(async (c, tx) => Result<long>.Ok(await InsertAsync(c, tx, unit)));
        }
        catch (DbException e) when (db.Dialect.IsUniqueViolation(e))
        {
            return new Error("Unit.NameTaken", unit.Name.Trim()); // lost a race with another request
        }
    }

    /// <summary>
    /// Inserts one unit after its siblings (the order entered or imported) and sets its materialized path and sort key.
    /// Checks are the caller's.
    /// </summary>
    public static async Task<long> InsertAsync(DbConnection c, DbTransaction tx, NewUnit unit)
    {
        var (parentPath, parentKey) = await ParentKeysAsync(c, tx, unit.ParentId);
        var order = await NextOrderAsync(c, tx, unit.ParentId);
        var id = await c.ExecuteScalarAsync<long>(
            "INSERT INTO units (parent_id, name, kind, path, sort_order, sort_key, created_at) VALUES (@parent, @name, @kind, '', @order, @key, @now) RETURNING id",
            new { parent = unit.ParentId, name = UnitTree.NormalizeName(unit.Name), kind = unit.Kind.Code(), order,
                key = UnitOrder.SortKey(parentKey, unit.Kind, order), now = DateTimeOffset.UtcNow }, tx);
        await c.ExecuteAsync("UPDATE units SET path = @path WHERE id = @id", new { id, path = $"{parentPath}{id}/" }, tx);
        return id;
    }

    private static async Task<(string Path, string Key)> ParentKeysAsync(DbConnection c, DbTransaction tx, long? parentId)
    {
        if (parentId is not { } p) return ("/", "/");
        var row = await c.QuerySingleOrDefaultAsync<UnitRow>("SELECT path, sort_key FROM units WHERE id = @p", new { p }, tx);
        return row is null ? ("/", "/") : (row.Path, row.SortKey);
    }

    /// <summary>The position after the last sibling under <paramref name="parentId"/>.</summary>
    private static Task<int> NextOrderAsync(DbConnection c, DbTransaction tx, long? parentId) =>
        c.ExecuteScalarAsync<int>(
            "SELECT COALESCE(MAX(sort_order) + 1, 0) FROM units WHERE " + (parentId is null ? "parent_id IS NULL" : "parent_id = @parentId"),
            new { parentId }, tx);

    /// <summary>Gives a unit a new key (its position or parent changed) and carries it to everything below it.</summary>
    private static Task RekeyAsync(DbConnection c, DbTransaction tx, string oldKey, string newKey) =>
        c.ExecuteAsync(
            "UPDATE units SET sort_key = @newKey || SUBSTR(sort_key, @cut) WHERE SUBSTR(sort_key, 1, @len) = @oldKey",
            new { newKey, oldKey, len = oldKey.Length, cut = oldKey.Length + 1 }, tx);

    /// <summary>
    /// 上移/下移: swaps a unit with the sibling before (<paramref name="up"/>) or after it in tree order — among departments
    /// or among places, as departments always come first. Null when done; <c>Unit.CannotMove{Up,Down}</c> at the end.
    /// </summary>
    public async Task<Error?> ReorderAsync(long id, bool up)
    {
        return await db.InTransactionAsync<Error?>(async (c, tx) =>
        {
            var tree = new UnitTree((await AllAsync(c, tx)).Select(r => r.ToNode()));
            if (tree.Find(id) is not { } node) return new Error("Unit.NotFound");
            var siblings = node.ParentId is { } p ? tree.Children(p) : tree.Roots;
            if (UnitOrder.SwapPartner(siblings, id, up) is not { } other)
                return new Error(up ? "Unit.CannotMoveUp" : "Unit.CannotMoveDown");
            // equal positions (never written by this store) are told apart by id: make them distinct first
            var (a, b) = node.SortOrder != other.SortOrder ? (other.SortOrder, node.SortOrder)
                : up ? (node.SortOrder, node.SortOrder + 1) : (node.SortOrder + 1, node.SortOrder);
            var parentKey = node.ParentId is { } pp ? await c.ExecuteScalarAsync<string>("SELECT sort_key FROM units WHERE id = @pp", new { pp }, tx) : "/";
            foreach (var (unit, order) in new[] { (node, a), (other, b) })
            {
                var oldKey = await c.ExecuteScalarAsync<string>("SELECT sort_key FROM units WHERE id = @id", new { id = unit.Id }, tx);
                // through a key no unit has, so the two subtrees do not mix while swapped
                await RekeyAsync(c, tx, oldKey!, "#" + unit.Id + "/");
                await c.ExecuteAsync("UPDATE units SET sort_order = @order WHERE id = @id", new { order, id = unit.Id }, tx);
            }
            foreach (var (unit, order) in new[] { (node, a), (other, b) })
                await RekeyAsync(c, tx, "#" + unit.Id + "/", UnitOrder.SortKey(parentKey, unit.Kind, order));
            return null;
        });
    }

    public async Task<Error?> RenameAsync(long id, string name)
    {
        var tree = await TreeAsync();
        if (tree.CheckRename(id, name) is { } error) return error;
        await using var c = await db.OpenAsync();
        try
        {
            await c.ExecuteAsync("UPDATE units SET name = @name WHERE id = @id", new { id, name = UnitTree.NormalizeName(name) });
        }
        catch (DbException e) when (db.Dialect.IsUniqueViolation(e))
        {
            return new Error("Unit.NameTaken", name.Trim());
        }
        return null;
    }

    /// <summary>Moves a unit with everything below it: one transaction rewrites the subtree's paths.</summary>
    public async Task<Error?> MoveAsync(long id, long? newParentId)
    {
        var tree = await TreeAsync();
        if (tree.CheckMove(id, newParentId) is { } error) return error;
        await db.InTransactionAsync(async (c, tx) =>
        {
            var oldPath = await c.ExecuteScalarAsync<string>("SELECT path FROM units WHERE id = @id", new { id }, tx);
            var parentPath = newParentId is { } p
                ? await c.ExecuteScalarAsync<string>("SELECT path FROM units WHERE id = @p", new { p }, tx)
                : "/";
            var newPath = $"{parentPath}{id}/";
            // after its new siblings
            var oldKey = await c.ExecuteScalarAsync<string>("SELECT sort_key FROM units WHERE id = @id", new { id }, tx);
            var (_, parentKey) = await ParentKeysAsync(c, tx, newParentId);
            var order = await NextOrderAsync(c, tx, newParentId);
            await c.ExecuteAsync("UPDATE units SET parent_id = @newParentId, sort_order = @order WHERE id = @id", new { id, newParentId, order }, tx);
            await c.ExecuteAsync(
                "UPDATE units SET path = @newPath || SUBSTR(path, @cut) WHERE path LIKE @prefix",
                new { newPath, cut = oldPath!.Length + 1, prefix = oldPath + "%" }, tx);
            await RekeyAsync(c, tx, oldKey!, UnitOrder.SortKey(parentKey, tree.Find(id)!.Kind, order));
            return 0;
        });
        return null;
    }
}
