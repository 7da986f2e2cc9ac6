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

    public UnitNode ToNode() => new(Id, ParentId, Name, UnitKinds.TryParse(Kind, out var k) ? k : UnitKind.Department);
}

/// <summary>A new unit: parent given by id, or (import) by a row of the same batch.</summary>
public sealed record NewUnit(string Name, UnitKind Kind, long? ParentId);

/// <summary>
/// The unit tree in the database. Every read takes the caller and returns only what the caller may see:
/// staff see the whole tree, a unit contact its unit's subtree, a trainee their own unit.
/// </summary>
public sealed class UnitStore(Db db)
{
    private const string Columns = "id, parent_id, name, kind, path";

    public async Task<IReadOnlyList<UnitRow>> AllAsync(DbConnection? c = null, DbTransaction? tx = null)
    {
        if (c is not null) return (await c.QueryAsync<UnitRow>($"SELECT {Columns} FROM units ORDER BY id", transaction: tx)).ToList();
        await using var conn = await db.OpenAsync();
        return (await conn.QueryAsync<UnitRow>($"SELECT {Columns} FROM units ORDER BY id")).ToList();
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

    /// <summary>Inserts one unit and sets its materialized path. Checks are the caller's.</summary>
    public static async Task<long> InsertAsync(DbConnection c, DbTransaction tx, NewUnit unit)
    {
        var parentPath = unit.ParentId is { } p
            ? await c.ExecuteScalarAsync<string>("SELECT path FROM units WHERE id = @p", new { p }, tx) ?? "/"
            : "/";
        var id = await c.ExecuteScalarAsync<long>(
            "INSERT INTO units (parent_id, name, kind, path, created_at) VALUES (@parent, @name, @kind, '', @now) RETURNING id",
            new { parent = unit.ParentId, name = UnitTree.NormalizeName(unit.Name), kind = unit.Kind.Code(), now = DateTimeOffset.UtcNow }, tx);
        await c.ExecuteAsync("UPDATE units SET path = @path WHERE id = @id", new { id, path = $"{parentPath}{id}/" }, tx);
        return id;
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
            await c.ExecuteAsync("UPDATE units SET parent_id = @newParentId WHERE id = @id", new { id, newParentId }, tx);
            await c.ExecuteAsync(
                "UPDATE units SET path = @newPath || SUBSTR(path, @cut) WHERE path LIKE @prefix",
                new { newPath, cut = oldPath!.Length + 1, prefix = oldPath + "%" }, tx);
            return 0;
        });
        return null;
    }
}
