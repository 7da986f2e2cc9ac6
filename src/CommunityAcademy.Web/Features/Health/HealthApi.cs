using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Health;

public static class HealthApi
{
    /// <summary>/healthz: 200 when the database answers, 503 when it does not.</summary>
    public static void MapHealth(this WebApplication app) =>
        app.MapGet("/healthz", async (Db db, ILogger<Db> log) =>
        {
            try
            {
                await using var c = await db.OpenAsync();
                await c.ExecuteScalarAsync<int>("SELECT 1");
                return Results.Ok(new { status = "ok", database = db.Dialect.Name });
            }
            catch (Exception e)
            {
                log.LogError(e, "Health check: database unreachable");
                return Results.Json(new { status = "unavailable", database = db.Dialect.Name }, statusCode: 503);
            }
        }).AllowAnonymous().ExcludeFromDescription();
}
