using System.Data.Common;
using CommunityAcademy.Domain;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Timetable;

public sealed record NewTeachingPoint(string Name, string? Address, string? HostName, string? HostPhone,
    double? Latitude, double? Longitude, string? Description);
public sealed record NewScene(string Name, string? Description, double? Latitude, double? Longitude);

/// <summary>Teaching points (教学点) and the real scenes (实景) at them.</summary>
public sealed class TeachingPointStore(Db db)
{
    public const int MaxName = 100, MaxText = 500;

    public async Task<IReadOnlyList<TeachingPointRow>> ListAsync(DbConnection? conn = null, DbTransaction? tx = null)
    {
        await using var owned = conn is null ? await db.OpenAsync() : null;
        var c = conn ?? owned!;
        var points = (await c.QueryAsync<TeachingPointRow>("""
            SELECT id, name, address, host_name, host_phone, latitude, longitude, description FROM teaching_points ORDER BY name, id
            """, transaction: tx)).ToList();
        var scenes = (await c.QueryAsync<SceneRow>("""
            SELECT id, teaching_point_id, name, description, latitude, longitude, sort_order FROM scenes WHERE teaching_point_id IS NOT NULL ORDER BY sort_order, id
            """, transaction: tx)).ToLookup(s => s.TeachingPointId);
        foreach (var p in points) p.Scenes = scenes[p.Id].ToList();
        return points;
    }

    public async Task<TeachingPointRow?> GetAsync(long id) => (await ListAsync()).FirstOrDefault(p => p.Id == id);

    public async Task<Result<long>> CreateAsync(NewTeachingPoint p)
    {
        if (Check(p) is { } e) return e;
        try
        {
            return await db.InTransactionAsync(async (c, tx) => Result<long>.Ok(await InsertAsync(c, tx, p)));
        }
        catch (DbException ex) when (db.Dialect.IsUniqueViolation(ex)) { return new Error("Timetable.NameTaken", p.Name.Trim()); }
    }

    internal static Task<long> InsertAsync(DbConnection c, DbTransaction tx, NewTeachingPoint p) =>
        c.ExecuteScalarAsync<long>("""
            INSERT INTO teaching_points (name, address, host_name, host_phone, latitude, longitude, description, created_at)
            VALUES (@name, @address, @hostName, @hostPhone, @Latitude, @Longitude, @description, @now) RETURNING id
            """, new
        {
            name = p.Name.Trim(), address = Clean(p.Address), hostName = Clean(p.HostName), hostPhone = Clean(p.HostPhone),
            p.Latitude, p.Longitude, description = Clean(p.Description), now = DateTimeOffset.UtcNow,
        }, tx);

    public async Task<Error?> UpdateAsync(long id, NewTeachingPoint p)
    {
        if (Check(p) is { } e) return e;
        try
        {
            await using var c = await db.OpenAsync();
            var n = await c.ExecuteAsync("""
                UPDATE teaching_points SET name = @name, address = @address, host_name = @hostName, host_phone = @hostPhone,
                    latitude = @Latitude, longitude = @Longitude, description = @description WHERE id = @id
                """, new
            {
                id, name = p.Name.Trim(), address = Clean(p.Address), hostName = Clean(p.HostName), hostPhone = Clean(p.HostPhone),
                p.Latitude, p.Longitude, description = Clean(p.Description),
            });
            return n == 0 ? new Error("Timetable.UnknownTeachingPoint", id) : null;
        }
        catch (DbException ex) when (db.Dialect.IsUniqueViolation(ex)) { return new Error("Timetable.NameTaken", p.Name.Trim()); }
    }

    /// <summary>Refused while a session takes place there: the timetable would lose where it happens.</summary>
    public async Task<Error?> DeleteAsync(long id)
    {
        await using var c = await db.OpenAsync();
        var used = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sessions WHERE teaching_point_id = @id", new { id });
        if (used > 0) return new Error("Timetable.InUse", id, used);
        var n = await c.ExecuteAsync("DELETE FROM teaching_points WHERE id = @id", new { id });
        return n == 0 ? new Error("Timetable.UnknownTeachingPoint", id) : null;
    }

    public async Task<Result<long>> AddSceneAsync(long teachingPointId, NewScene s)
    {
        if (CheckScene(s) is { } e) return e;
        try
        {
            return await db.InTransactionAsync(async (c, tx) =>
            {
                if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM teaching_points WHERE id = @teachingPointId", new { teachingPointId }, tx) == 0)
                    return new Error("Timetable.UnknownTeachingPoint", teachingPointId);
                return Result<long>.Ok(await InsertSceneAsync(c, tx, teachingPointId, s));
            });
        }
        catch (DbException ex) when (db.Dialect.IsUniqueViolation(ex)) { return new Error("Timetable.NameTaken", s.Name.Trim()); }
    }

    internal static async Task<long> InsertSceneAsync(DbConnection c, DbTransaction tx, long teachingPointId, NewScene s)
    {
        var order = await c.ExecuteScalarAsync<int>("SELECT COALESCE(MAX(sort_order), 0) + 1 FROM scenes WHERE teaching_point_id = @teachingPointId",
            new { teachingPointId }, tx);
        return await c.ExecuteScalarAsync<long>("""
            INSERT INTO scenes (teaching_point_id, name, description, latitude, longitude, sort_order)
            VALUES (@teachingPointId, @name, @description, @Latitude, @Longitude, @order) RETURNING id
            """, new { teachingPointId, name = s.Name.Trim(), description = Clean(s.Description), s.Latitude, s.Longitude, order }, tx);
    }

    public async Task<Error?> UpdateSceneAsync(long teachingPointId, long sceneId, NewScene s)
    {
        if (CheckScene(s) is { } e) return e;
        try
        {
            await using var c = await db.OpenAsync();
            var n = await c.ExecuteAsync("""
                UPDATE scenes SET name = @name, description = @description, latitude = @Latitude, longitude = @Longitude
                WHERE id = @sceneId AND teaching_point_id = @teachingPointId
                """, new { teachingPointId, sceneId, name = s.Name.Trim(), description = Clean(s.Description), s.Latitude, s.Longitude });
            return n == 0 ? new Error("Timetable.UnknownScene", sceneId) : null;
        }
        catch (DbException ex) when (db.Dialect.IsUniqueViolation(ex)) { return new Error("Timetable.NameTaken", s.Name.Trim()); }
    }

    public async Task<Error?> DeleteSceneAsync(long teachingPointId, long sceneId)
    {
        await using var c = await db.OpenAsync();
        var used = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sessions WHERE scene_id = @sceneId", new { sceneId });
        if (used > 0) return new Error("Timetable.InUse", sceneId, used);
        var n = await c.ExecuteAsync("DELETE FROM scenes WHERE id = @sceneId AND teaching_point_id = @teachingPointId", new { sceneId, teachingPointId });
        return n == 0 ? new Error("Timetable.UnknownScene", sceneId) : null;
    }

    private static Error? Check(NewTeachingPoint p)
    {
        if (string.IsNullOrWhiteSpace(p.Name)) return new Error("Timetable.NameRequired");
        if (p.Name.Trim().Length > MaxName) return new Error("Timetable.NameTooLong", MaxName);
        foreach (var s in new[] { p.Address, p.HostName, p.HostPhone, p.Description })
            if (s is not null && s.Trim().Length > MaxText) return new Error("Timetable.NameTooLong", MaxText);
        return CheckCoordinates(p.Latitude, p.Longitude);
    }

    private static Error? CheckScene(NewScene s)
    {
        if (string.IsNullOrWhiteSpace(s.Name)) return new Error("Timetable.NameRequired");
        if (s.Name.Trim().Length > MaxName) return new Error("Timetable.NameTooLong", MaxName);
        if (s.Description is not null && s.Description.Trim().Length > MaxText) return new Error("Timetable.NameTooLong", MaxText);
        return CheckCoordinates(s.Latitude, s.Longitude);
    }

    /// <summary>Both or neither, in range: a point without its other half cannot serve a sign-in radius.</summary>
    public static Error? CheckCoordinates(double? lat, double? lon)
    {
        if (lat is null != lon is null) return new Error("Timetable.CoordinatesPair");
        if (lat is { } a && (double.IsNaN(a) || a < -90 || a > 90)) return new Error("Timetable.BadLatitude", a);
        if (lon is { } o && (double.IsNaN(o) || o < -180 || o > 180)) return new Error("Timetable.BadLongitude", o);
        return null;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
