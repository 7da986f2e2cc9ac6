using System.Threading.Channels;
using CommunityAcademy.Web.Infrastructure.Data;
using Dapper;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>A check-in row to store (see check_ins in 0004_attendance.sql).</summary>
public sealed record NewCheckIn(long SessionId, long EnrollmentId, string Kind, string ClientId, DateTimeOffset At, DateTimeOffset? DeviceAt,
    DateTimeOffset ServerAt, string Method, string? Device, long RecordedBy, string Flags, double? Distance);

/// <summary>What the writer did: stored it (Id, with the flags it ended with), found the clientId already there
/// (Existing), or refused a sign-out that has no sign-in.</summary>
public sealed record WriteResult(long? Id, CheckInRow? Existing, bool NoSignIn, string Flags);

/// <summary>
/// Group commit for the burst at the start of a session: requests hand their row to one writer, which stores whatever has
/// queued up (up to 500 rows) in one short transaction and answers each request with its id (null: the clientId was
/// there already). One writer means SQLite never makes writers wait on each other's locks; a transaction lasts one
/// batch, never a class. A request returns only after its row is committed.
/// </summary>
public sealed class CheckInWriter : IAsyncDisposable
{
    private const int MaxBatch = 500;
    private readonly Db _db;
    private readonly ILogger<CheckInWriter> _log;
    private readonly Channel<(NewCheckIn Row, TaskCompletionSource<WriteResult> Done)> _queue =
        Channel.CreateBounded<(NewCheckIn, TaskCompletionSource<WriteResult>)>(new BoundedChannelOptions(20_000));
    private readonly Task[] _loops;

    public CheckInWriter(Db db, ILogger<CheckInWriter> log)
    {
        _db = db;
        _log = log;
        // SQLite has one writer at a time anyway: one loop, no lock waits. PostgreSQL takes concurrent writers, and a
        // loop there waits on network round trips: several loops share the queue (the unique clientId index still
        // guarantees one record per clientId).
        _loops = Enumerable.Range(0, db.IsSqlite ? 1 : 8).Select(_ => Task.Run(LoopAsync)).ToArray();
    }

    /// <summary>
    /// Stores a check-in unless its clientId is there already (then the first record comes back) or it is a sign-out
    /// with no sign-in. Reads and writes happen on the writer's connection, in its batch, so a request opens no
    /// connection of its own; a second device is flagged here, where the earlier scans are known for certain.
    /// </summary>
    public async Task<WriteResult> InsertAsync(NewCheckIn row, CancellationToken ct = default)
    {
        var done = new TaskCompletionSource<WriteResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((row, done), ct);
        return await done.Task;
    }

    private const string Insert = """
        INSERT INTO check_ins (session_id, enrollment_id, kind, client_id, at, device_at, server_at, method, device_key, recorded_by, flags, distance_m)
        VALUES (@SessionId, @EnrollmentId, @Kind, @ClientId, @At, @DeviceAt, @ServerAt, @Method, @Device, @RecordedBy, @Flags, @Distance)
        ON CONFLICT (client_id) DO NOTHING RETURNING id
        """;

    private async Task LoopAsync()
    {
        var batch = new List<(NewCheckIn Row, TaskCompletionSource<WriteResult> Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            try
            {
                var results = new WriteResult[batch.Count];
                await using (var c = await _db.OpenAsync())
                await using (var tx = await c.BeginTransactionAsync())
                {
                    var cmds = new Commands(c, tx);
                    for (var i = 0; i < batch.Count; i++) results[i] = await WriteOneAsync(c, tx, cmds, batch[i].Row);
                    await tx.CommitAsync();
                }
                for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
            }
            catch (Exception e)
            {
                // One bad row must not fail the others: store the batch row by row.
                _log.LogWarning(e, "Check-in batch of {Count} failed; storing one by one", batch.Count);
                foreach (var (row, done) in batch)
                {
                    try
                    {
                        await using var c = await _db.OpenAsync();
                        await using var tx = await c.BeginTransactionAsync();
                        var r = await WriteOneAsync(c, tx, new Commands(c, tx), row);
                        await tx.CommitAsync();
                        done.TrySetResult(r);
                    }
                    catch (Exception one) { done.TrySetException(one); }
                }
            }
        }
    }

    /// <summary>The two statements of a batch, prepared once and run per row (no parse per row).</summary>
    private sealed class Commands
    {
        public readonly System.Data.Common.DbCommand Read, Write;
        private static readonly string[] Columns = ["SessionId", "EnrollmentId", "Kind", "ClientId", "At", "DeviceAt", "ServerAt", "Method", "Device", "RecordedBy", "Flags", "Distance"];

        public Commands(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx)
        {
            Read = c.CreateCommand();
            Read.Transaction = tx;
            Read.CommandText = "SELECT client_id, kind, device_key FROM check_ins WHERE client_id = @ClientId " +
                               "UNION ALL SELECT client_id, kind, device_key FROM check_ins WHERE session_id = @SessionId AND enrollment_id = @EnrollmentId";
            Add(Read, "ClientId", System.Data.DbType.String); Add(Read, "SessionId", System.Data.DbType.Int64); Add(Read, "EnrollmentId", System.Data.DbType.Int64);
            Write = c.CreateCommand();
            Write.Transaction = tx;
            Write.CommandText = Insert;
            foreach (var name in Columns)
                Add(Write, name, name switch
                {
                    "SessionId" or "EnrollmentId" or "RecordedBy" => System.Data.DbType.Int64,
                    "At" or "DeviceAt" or "ServerAt" => System.Data.DbType.DateTimeOffset,
                    "Distance" => System.Data.DbType.Double,
                    _ => System.Data.DbType.String,
                });
        }

        private static void Add(System.Data.Common.DbCommand cmd, string name, System.Data.DbType type)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.DbType = type;
            cmd.Parameters.Add(p);
        }

        public void Set(System.Data.Common.DbCommand cmd, string name, object? value) => cmd.Parameters["@" + name].Value = value ?? DBNull.Value;
    }

    private static async Task<WriteResult> WriteOneAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, Commands cmds, NewCheckIn row)
    {
        cmds.Set(cmds.Read, "ClientId", row.ClientId);
        cmds.Set(cmds.Read, "SessionId", row.SessionId);
        cmds.Set(cmds.Read, "EnrollmentId", row.EnrollmentId);
        bool retry = false, signedIn = false, otherDevice = false;
        string? sameDeviceIn = null;
        await using (var r = await cmds.Read.ExecuteReaderAsync())
            while (await r.ReadAsync())
            {
                if (r.GetString(0) == row.ClientId) retry = true;
                if (r.GetString(1) == "in") signedIn = true;
                var device = r.IsDBNull(2) ? null : r.GetString(2);
                if (device is not null && row.Device is not null && device != row.Device) otherDevice = true;
                // The same phone signing in again (a second tap, a second scan): the first sign-in stands.
                if (r.GetString(1) == "in" && device == row.Device && sameDeviceIn is null) sameDeviceIn = r.GetString(0);
            }
        if (retry || (row.Kind == "in" && sameDeviceIn is not null))
            return new(null, await c.QuerySingleAsync<CheckInRow>("SELECT * FROM check_ins WHERE client_id = @ClientId",
                new { ClientId = retry ? row.ClientId : sameDeviceIn }, tx), false, "");
        if (row.Kind == "out" && !signedIn) return new(null, null, true, "");
        if (row.Method == "qr" && otherDevice)
            row = row with { Flags = row.Flags.Length == 0 ? "second_device" : row.Flags + ",second_device" };
        var w = cmds.Write;
        cmds.Set(w, "SessionId", row.SessionId); cmds.Set(w, "EnrollmentId", row.EnrollmentId); cmds.Set(w, "Kind", row.Kind);
        cmds.Set(w, "ClientId", row.ClientId); cmds.Set(w, "At", row.At.ToUniversalTime()); cmds.Set(w, "DeviceAt", row.DeviceAt?.ToUniversalTime());
        cmds.Set(w, "ServerAt", row.ServerAt.ToUniversalTime()); cmds.Set(w, "Method", row.Method); cmds.Set(w, "Device", row.Device);
        cmds.Set(w, "RecordedBy", row.RecordedBy); cmds.Set(w, "Flags", row.Flags); cmds.Set(w, "Distance", row.Distance);
        var id = await w.ExecuteScalarAsync();
        return id is null or DBNull ? new(null, null, false, row.Flags) : new(Convert.ToInt64(id), null, false, row.Flags);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try { await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(5)); } catch (TimeoutException) { }
    }
}
