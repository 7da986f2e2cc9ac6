using System.Data.Common;
using Dapper;

namespace CommunityAcademy.Web.Infrastructure.Data;

/// <summary>
/// The audit log (<c>audit_log</c>): who did what to which record, when and why. One helper for every feature, written in
/// the transaction of the change it records.
/// Never put a phone or ID number in it: the log says that a number was shown, not the number.
/// </summary>
public static class Audit
{
    public static Task WriteAsync(DbConnection c, DbTransaction? tx, long? userId, DateTimeOffset at, string entity, long? entityId,
        string action, string? oldValue = null, string? newValue = null, string? reason = null) =>
        c.ExecuteAsync("""
            INSERT INTO audit_log (at, user_id, entity, entity_id, action, old_value, new_value, reason)
            VALUES (@at, @userId, @entity, @entityId, @action, @oldValue, @newValue, @reason)
            """, new { at, userId, entity, entityId, action, oldValue, newValue, reason }, tx);

    /// <summary>How many times <paramref name="userId"/> did <paramref name="action"/> since <paramref name="since"/> (for limits).</summary>
    public static Task<long> CountSinceAsync(DbConnection c, DbTransaction? tx, long userId, string action, DateTimeOffset since) =>
        c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE user_id = @userId AND action = @action AND at > @since",
            new { userId, action, since }, tx);
}
