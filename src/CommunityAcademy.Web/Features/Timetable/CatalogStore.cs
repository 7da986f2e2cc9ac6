using System.Data.Common;
using System.Text.RegularExpressions;
using CommunityAcademy.Domain;
using CommunityAcademy.Domain.Timetable;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Timetable;

public sealed record NewSessionType(string? Code, string Name, string? NameEn, Delivery Delivery, bool HasMethod);
public sealed record NewWorkshopMethod(string? Code, string Name, string? NameEn);

/// <summary>Session types and workshop methods: data an organizer extends, with Chinese names.</summary>
public sealed partial class CatalogStore(Db db)
{
    public const int MaxName = 50;

    [GeneratedRegex("^[a-z][a-z0-9_]{1,39}$")]
    private static partial Regex CodePattern();

    public static bool IsCode(string? code) => code is not null && CodePattern().IsMatch(code);

    public async Task<IReadOnlyList<SessionTypeRow>> TypesAsync()
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<SessionTypeRow>(
            "SELECT id, code, name, name_en, delivery, has_method, builtin, sort_order FROM session_types ORDER BY sort_order, id")).ToList();
    }

    public async Task<IReadOnlyList<WorkshopMethodRow>> MethodsAsync()
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<WorkshopMethodRow>(
            "SELECT id, code, name, name_en, builtin, sort_order FROM workshop_methods ORDER BY sort_order, id")).ToList();
    }

    /// <summary>By code ("world_cafe") or Chinese name ("世界咖啡").</summary>
    public static T? Find<T>(IEnumerable<T> rows, string? text, Func<T, string> code, Func<T, string> name) where T : class
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) return null;
        return rows.FirstOrDefault(r => code(r).Equals(t, StringComparison.OrdinalIgnoreCase))
            ?? rows.FirstOrDefault(r => name(r) == t);
    }

    public async Task<Result<string>> AddTypeAsync(NewSessionType t)
    {
        if (CheckName(t.Name, t.Code) is { } e) return e;
        return await InsertAsync("session_types", t.Code, t.Name, async (c, tx, code, order) =>
            await c.ExecuteAsync("""
                INSERT INTO session_types (code, name, name_en, delivery, has_method, builtin, sort_order)
                VALUES (@code, @name, @nameEn, @delivery, @hasMethod, FALSE, @order)
                """, new { code, name = t.Name.Trim(), nameEn = t.NameEn?.Trim() ?? "", delivery = t.Delivery.Code(), hasMethod = t.HasMethod, order }, tx));
    }

    public async Task<Result<string>> AddMethodAsync(NewWorkshopMethod m)
    {
        if (CheckName(m.Name, m.Code) is { } e) return e;
        return await InsertAsync("workshop_methods", m.Code, m.Name, async (c, tx, code, order) =>
            await c.ExecuteAsync("""
                INSERT INTO workshop_methods (code, name, name_en, builtin, sort_order) VALUES (@code, @name, @nameEn, FALSE, @order)
                """, new { code, name = m.Name.Trim(), nameEn = m.NameEn?.Trim() ?? "", order }, tx));
    }

    /// <summary>Renames a type or changes how it is delivered; the code stays, so sessions keep their type.</summary>
    public async Task<Error?> UpdateTypeAsync(string code, NewSessionType t)
    {
        if (CheckName(t.Name, null) is { } e) return e;
        try
        {
            await using var c = await db.OpenAsync();
            var n = await c.ExecuteAsync("""
                UPDATE session_types SET name = @name, name_en = @nameEn, delivery = @delivery, has_method = @hasMethod WHERE code = @code
                """, new { code, name = t.Name.Trim(), nameEn = t.NameEn?.Trim() ?? "", delivery = t.Delivery.Code(), hasMethod = t.HasMethod });
            return n == 0 ? new Error("Timetable.UnknownType", code) : null;
        }
        catch (DbException ex) when (db.Dialect.IsUniqueViolation(ex)) { return new Error("Timetable.NameTaken", t.Name.Trim()); }
    }

    public async Task<Error?> UpdateMethodAsync(string code, NewWorkshopMethod m)
    {
        if (CheckName(m.Name, null) is { } e) return e;
        try
        {
            await using var c = await db.OpenAsync();
            var n = await c.ExecuteAsync("UPDATE workshop_methods SET name = @name, name_en = @nameEn WHERE code = @code",
                new { code, name = m.Name.Trim(), nameEn = m.NameEn?.Trim() ?? "" });
            return n == 0 ? new Error("Timetable.UnknownMethod", code) : null;
        }
        catch (DbException ex) when (db.Dialect.IsUniqueViolation(ex)) { return new Error("Timetable.NameTaken", m.Name.Trim()); }
    }

    /// <summary>Only types an organizer added and no session uses; built-in ones stay.</summary>
    public Task<Error?> DeleteTypeAsync(string code) => DeleteAsync("session_types", "session_type", code, "Timetable.UnknownType");
    public Task<Error?> DeleteMethodAsync(string code) => DeleteAsync("workshop_methods", "workshop_method", code, "Timetable.UnknownMethod");

    private async Task<Error?> DeleteAsync(string table, string sessionColumn, string code, string unknown)
    {
        await using var c = await db.OpenAsync();
        var builtin = await c.ExecuteScalarAsync<bool?>($"SELECT builtin FROM {table} WHERE code = @code", new { code });
        if (builtin is null) return new Error(unknown, code);
        if (builtin.Value) return new Error("Timetable.BuiltinKept", code);
        var used = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM sessions WHERE {sessionColumn} = @code", new { code });
        if (used > 0) return new Error("Timetable.InUse", code, used);
        await c.ExecuteAsync($"DELETE FROM {table} WHERE code = @code", new { code });
        return null;
    }

    private static Error? CheckName(string? name, string? code)
    {
        if (string.IsNullOrWhiteSpace(name)) return new Error("Timetable.NameRequired");
        if (name.Trim().Length > MaxName) return new Error("Timetable.NameTooLong", MaxName);
        if (!string.IsNullOrWhiteSpace(code) && !IsCode(code.Trim())) return new Error("Timetable.BadCode", code);
        return null;
    }

    private async Task<Result<string>> InsertAsync(string table, string? wanted, string name,
        Func<DbConnection, DbTransaction, string, int, Task> insert)
    {
        try
        {
            return await db.InTransactionAsync(async (c, tx) =>
            {
                var next = await c.ExecuteScalarAsync<long>($"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}", transaction: tx);
                var order = await c.ExecuteScalarAsync<int>($"SELECT COALESCE(MAX(sort_order), 0) + 10 FROM {table}", transaction: tx);
                // Organizers name things in Chinese; a code is made up when none is given.
                var code = string.IsNullOrWhiteSpace(wanted) ? $"custom_{next}" : wanted.Trim();
                await insert(c, tx, code, order);
                return Result<string>.Ok(code);
            });
        }
        catch (DbException e) when (db.Dialect.IsUniqueViolation(e))
        {
            return new Error("Timetable.NameTaken", string.IsNullOrWhiteSpace(wanted) ? name.Trim() : $"{name.Trim()} / {wanted.Trim()}");
        }
    }
}
