using System.Data.Common;
using Dapper;

namespace CommunityAcademy.Web.Infrastructure.Data;

/// <summary>
/// The one audit log (audit_log): who did what to which record, when, from what to what, and why. Written in the
/// transaction of the change it records.
/// </summary>
public static class AuditLog
{
    public static Task WriteAsync(DbConnection c, DbTransaction? tx, long? userId, string entity, long? entityId, string action,
        string? oldValue, string? newValue, string? reason, DateTimeOffset at) =>
        c.ExecuteAsync("""
            INSERT INTO audit_log (at, user_id, entity, entity_id, action, old_value, new_value, reason)
            VALUES (@at, @userId, @entity, @entityId, @action, @oldValue, @newValue, @reason)
            """, new { at, userId, entity, entityId, action, oldValue, newValue, reason }, tx);
}
