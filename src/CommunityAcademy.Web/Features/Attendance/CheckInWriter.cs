using System.Data.Common;
using System.Threading.Channels;
using CommunityAcademy.Web.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace CommunityAcademy.Web.Features.Attendance;

/// <summary>A check-in row to store (see check_ins in 0004_attendance.sql).</summary>
/// <see cref="ReopensSession"/>: it arrives after the session's end, when the session may be settled already (see
/// AttendanceSettlement), so storing it also reopens the session, in the same transaction.
/// A head teacher's row carries its audit action (proxy_checkin), the trainee's name and the reason given.
public sealed record NewCheckIn(long SessionId, long EnrollmentId, string Kind, string ClientId, DateTimeOffset At, DateTimeOffset? DeviceAt,
    DateTimeOffset ServerAt, string Method, string? Device, long RecordedBy, string Flags, double? Distance, bool ReopensSession = false,
    string? Reason = null, string? TraineeName = null, string Action = "proxy_checkin")
{
    /// <summary>Entered by a head teacher (by hand, or a paper sheet or phone uploaded later): it goes to the audit log.</summary>
    public bool Audited => Method == "staff";
}

/// <summary>What the writer did: stored it (Id, with the flags it ended with), found the clientId already there
/// (Existing), or refused a sign-out that has no sign-in. <see cref="SignedInAt"/>: the trainee's first sign-in of the
/// session as the batch knew it (the stored row included), so the answer can say the status without another read.</summary>
public sealed record WriteResult(long? Id, CheckInRow? Existing, bool NoSignIn, string Flags, DateTimeOffset? SignedInAt = null);

/// <summary>
/// Group commit for the burst at the start of a session: requests hand their row to a writer loop, which stores whatever
/// has queued up (up to 500 rows) at once and answers each request with its id (null: the clientId was there already).
/// A batch reads what it needs to decide — the rows of its clientIds and the earlier scans of its (trainee, session)
/// pairs — decides every row in C#, in order (rows of one trainee in one batch see each other), and inserts the rows it
/// accepted with <c>ON CONFLICT (client_id) DO NOTHING</c>. A request returns only after its row is committed.
/// <para>
/// SQLite: one loop (SQLite has one writer anyway: no lock waits), per-row prepared statements in one transaction (no
/// round trips to save). PostgreSQL: a few loops, each with its own share of the trainees (rows are routed by enrolment,
/// so one trainee's scans are always decided by the same loop, in order), and two round trips per batch: one SELECT
/// for the whole batch (arrays), one INSERT … SELECT FROM unnest(…) RETURNING id, client_id, committed on its own.
/// </para>
/// </summary>
public sealed class CheckInWriter : IAsyncDisposable
{
    private const int MaxBatch = 500;
    private static readonly TimeSpan KeepIdle = TimeSpan.FromSeconds(1);
    private readonly Db _db;
    private readonly ILogger<CheckInWriter> _log;
    private readonly Channel<Item>[] _queues;
    private readonly Task[] _loops;
    private readonly WalCheckpointer? _checkpointer;

    private sealed record Item(NewCheckIn Row, TaskCompletionSource<WriteResult> Done);

    public CheckInWriter(Db db, ILogger<CheckInWriter> log, IConfiguration config)
    {
        _db = db;
        _log = log;
        var loops = db.IsSqlite ? 1 : Math.Clamp(config.GetValue("Attendance:WriterLoops", 1), 1, 64);
        if (db.IsSqlite) _checkpointer = new WalCheckpointer(db, log);
        _queues = Enumerable.Range(0, loops)
            .Select(_ => Channel.CreateBounded<Item>(new BoundedChannelOptions(20_000) { SingleReader = true })).ToArray();
        // SQLite's calls are synchronous: its loop gets a thread of its own rather than holding one of the thread pool's
        // (on two cores, the pool has two) while requests queue behind it, and is never queued behind them either.
        _loops = _queues.Select(q => db.IsSqlite ? OnOwnThread(() => LoopAsync(q.Reader, blocking: true)) : Task.Run(() => LoopAsync(q.Reader, false))).ToArray();
    }

    /// <summary>
    /// Stores a check-in unless its clientId is there already (then the first record comes back), it is the same phone
    /// signing in again (the first sign-in comes back) or it is a sign-out with no sign-in. Reads and writes happen on
    /// the writer's connection, in its batch, so a request opens no connection of its own; a second device is flagged
    /// here, where the earlier scans are known for certain.
    /// </summary>
    public async Task<WriteResult> InsertAsync(NewCheckIn row, CancellationToken ct = default)
    {
        var done = new TaskCompletionSource<WriteResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var q = _queues[(int)((ulong)row.EnrollmentId % (ulong)_queues.Length)];
        await q.Writer.WriteAsync(new Item(row, done), ct);
        return await done.Task;
    }

    private static Task OnOwnThread(Func<Task> loop)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try { loop().GetAwaiter().GetResult(); ended.SetResult(); }
            catch (Exception e) { ended.SetException(e); }
        }) { IsBackground = true, Name = "check-in writer" }.Start();
        return ended.Task;
    }

    /// <summary>
    /// With <paramref name="blocking"/> the loop waits for rows by blocking its thread; on SQLite everything else in it
    /// completes synchronously, so it never leaves that thread.
    /// </summary>
    private async Task LoopAsync(ChannelReader<Item> reader, bool blocking)
    {
        var batch = new List<Item>(MaxBatch);
        Store? store = null;
        while (true)
        {
            var ready = reader.WaitToReadAsync();
            if (!ready.IsCompleted && store is not null)
            {
                // The connection and its prepared statements are kept while rows keep coming (a burst comes in waves, and
                // preparing the statements again for every batch cost more than the batch), let go after a quiet second.
                var next = ready.AsTask();
                var came = blocking ? next.Wait(KeepIdle) : await Task.WhenAny(next, Task.Delay(KeepIdle)) == next;
                if (!came) { await store.DisposeAsync(); store = null; }
                ready = new ValueTask<bool>(next);
            }
            if (!(blocking ? ready.AsTask().GetAwaiter().GetResult() : await ready)) break;
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var item)) batch.Add(item);
            try
            {
                store ??= await OpenAsync();
                var results = await store.WriteAsync(batch.Select(b => b.Row).ToList());
                _checkpointer?.Nudge();
                for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
            }
            catch (Exception e)
            {
                if (store is not null) { await store.DisposeAsync(); store = null; }
                // One bad row must not fail the others: store the batch row by row.
                _log.LogWarning(e, "Check-in batch of {Count} failed; storing one by one", batch.Count);
                foreach (var (row, done) in batch)
                {
                    try
                    {
                        await using var one = await OpenAsync();
                        done.TrySetResult((await one.WriteAsync([row]))[0]);
                    }
                    catch (Exception oneFailed) { done.TrySetException(oneFailed); }
                }
            }
        }
        if (store is not null) await store.DisposeAsync();
    }

    private async Task<Store> OpenAsync()
    {
        var c = await _db.OpenAsync();
        return _db.IsSqlite ? new SqliteStore((SqliteConnection)c) : new PostgresStore((NpgsqlConnection)c);
    }

    /// <summary>A row the batch knows about: stored earlier (Id, maybe Full) or accepted in this batch (New).</summary>
    private sealed class Known
    {
        public long? Id;
        public required string ClientId;
        public required long SessionId, EnrollmentId;
        public required string Kind;
        public string? Device;
        public DateTimeOffset At;
        public CheckInRow? Full;
        public NewCheckIn? New;
    }

    private enum Decision : byte { Insert, Existing, NoSignIn }

    /// <summary>One connection of a writer loop: reads what a batch needs, inserts what it accepted.</summary>
    private abstract class Store : IAsyncDisposable
    {
        protected abstract Task<CheckInRow> FullAsync(long id);

        /// <summary>
        /// Stores at once those <paramref name="candidates"/> for which nothing of their clientId or (session, enrolment)
        /// is stored (returning clientId → id), and reads the stored rows the batch's other rows need to be decided: those
        /// with one of these clientIds or of one of these (session, enrolment) pairs, by id.
        /// </summary>
        protected abstract Task<(List<Known> Known, Dictionary<string, long> Stored)> LoadAndInsertAsync(
            List<string> clientIds, List<(long Session, long Enrollment)> pairs, List<NewCheckIn> candidates);
        /// <summary>Inserts in one commit; sets Id on each row stored (not on a clientId stored meanwhile by someone else).</summary>
        protected abstract Task InsertAsync(List<Known> rows);
        /// <summary>Ends the batch: every answer goes out only after this.</summary>
        protected virtual Task CommitAsync() => Task.CompletedTask;
        /// <summary>Makes the batch one transaction (PostgreSQL otherwise commits each statement on its own).</summary>
        protected virtual Task BeginAsync() => Task.CompletedTask;
        /// <summary>The connection and transaction of the batch, for the rare writes beside the rows.</summary>
        protected abstract (DbConnection Connection, DbTransaction? Transaction) Current { get; }

        /// <summary>
        /// What a stored row changes beside itself, in the batch's transaction: a row after the session's end reopens its
        /// settled session; a row entered by a head teacher goes to the audit log (who, when, what).
        /// </summary>
        private async Task TraceAsync(IReadOnlyList<(NewCheckIn Row, long Id)> stored)
        {
            var (c, tx) = Current;
            foreach (var session in stored.Where(x => x.Row.ReopensSession).Select(x => x.Row.SessionId).Distinct())
                await AttendanceSettlement.ReopenSessionAsync(c, tx!, session);
            foreach (var (r, id) in stored.Where(x => x.Row.Audited))
                await Audit.WriteAsync(c, tx!, r.RecordedBy, r.ServerAt, "attendance", r.SessionId, r.Action, null,
                    System.Text.Json.JsonSerializer.Serialize(new { trainee = r.EnrollmentId, name = r.TraineeName, kind = r.Kind, at = r.At.ToUniversalTime(), checkIn = id }, HandEntries.AuditJson),
                    r.Reason);
        }
        public abstract ValueTask DisposeAsync();

        public async Task<WriteResult[]> WriteAsync(IReadOnlyList<NewCheckIn> rows)
        {
            var results = new WriteResult?[rows.Count];
            var todo = Enumerable.Range(0, rows.Count).ToList();
            var traced = rows.Any(r => r.ReopensSession || r.Audited);
            if (traced) await BeginAsync();
            // A row that returns the first one of its batch, whose clientId someone else stored meanwhile, is decided again.
            for (var round = 0; todo.Count > 0; round++)
            {
                if (round == 5) throw new InvalidOperationException("Check-in batch kept racing with another writer.");
                todo = await RoundAsync(rows, todo, results);
            }
            if (traced)
                await TraceAsync(Enumerable.Range(0, rows.Count)
                    .Where(i => results[i]!.Id is not null && (rows[i].ReopensSession || rows[i].Audited))
                    .Select(i => (rows[i], results[i]!.Id!.Value)).ToList());
            await CommitAsync();
            return results!;
        }

        private async Task<List<int>> RoundAsync(IReadOnlyList<NewCheckIn> rows, List<int> todo, WriteResult?[] results)
        {
            var clientIds = todo.Select(i => rows[i].ClientId).Distinct(StringComparer.Ordinal).ToList();
            var pairs = todo.Select(i => (rows[i].SessionId, rows[i].EnrollmentId)).Distinct().ToList();
            // A sign-in that is the first of its trainee's session and of its clientId in the batch, with nothing stored for
            // either, needs no decision: it is stored as it is, before the reads (PostgreSQL: in the statement that reads,
            // one round trip for the usual batch; SQLite: one statement per row); every other row is decided below, in
            // order, and sees them (they come first in their trainee's session).
            var candidate = new bool[todo.Count];
            var firstOfPair = new HashSet<(long, long)>();
            var firstOfClient = new HashSet<string>(StringComparer.Ordinal);
            for (var j = 0; j < todo.Count; j++)
            {
                var row = rows[todo[j]];
                var a = firstOfPair.Add((row.SessionId, row.EnrollmentId));
                var b = firstOfClient.Add(row.ClientId);
                candidate[j] = a && b && row.Kind == "in";
            }
            var (loaded, stored) = await LoadAndInsertAsync(clientIds, pairs,
                Enumerable.Range(0, todo.Count).Where(j => candidate[j]).Select(j => rows[todo[j]]).ToList());
            var byClient = new Dictionary<string, Known>(StringComparer.Ordinal);
            var scans = new Dictionary<(long, long), List<Known>>();
            foreach (var p in pairs) scans[p] = [];
            foreach (var k in loaded)
            {
                byClient.TryAdd(k.ClientId, k);
                if (scans.TryGetValue((k.SessionId, k.EnrollmentId), out var list)) list.Add(k);
            }

            var decisions = new (Decision What, Known? Ref, string Flags)[todo.Count];
            var accepted = new List<Known>();
            for (var j = 0; j < todo.Count; j++)
            {
                var row = rows[todo[j]];
                var earlier = scans[(row.SessionId, row.EnrollmentId)];
                if (candidate[j] && stored.TryGetValue(row.ClientId, out var storedId))
                {
                    var n = new Known
                    {
                        Id = storedId, ClientId = row.ClientId, SessionId = row.SessionId, EnrollmentId = row.EnrollmentId, Kind = row.Kind,
                        Device = row.Device, At = row.At, New = row,
                    };
                    byClient[row.ClientId] = n;
                    earlier.Add(n);
                    decisions[j] = (Decision.Insert, n, row.Flags);
                    continue;
                }
                if (byClient.TryGetValue(row.ClientId, out var same)) { decisions[j] = (Decision.Existing, same, ""); continue; }
                bool signedIn = false, otherDevice = false;
                Known? sameDeviceIn = null;
                foreach (var k in earlier)
                {
                    if (k.Kind == "in") signedIn = true;
                    if (k.Device is not null && row.Device is not null && k.Device != row.Device) otherDevice = true;
                    // The same phone signing in again (a second tap, a second scan): the first sign-in stands.
                    if (k.Kind == "in" && k.Device == row.Device && sameDeviceIn is null) sameDeviceIn = k;
                }
                if (row.Kind == "in" && sameDeviceIn is not null) { decisions[j] = (Decision.Existing, sameDeviceIn, ""); continue; }
                if (row.Kind == "out" && !signedIn) { decisions[j] = (Decision.NoSignIn, null, ""); continue; }
                var flags = row.Method == "qr" && otherDevice ? (row.Flags.Length == 0 ? "second_device" : row.Flags + ",second_device") : row.Flags;
                var k2 = new Known
                {
                    ClientId = row.ClientId, SessionId = row.SessionId, EnrollmentId = row.EnrollmentId, Kind = row.Kind, Device = row.Device,
                    At = row.At, New = row with { Flags = flags },
                };
                accepted.Add(k2);
                byClient[row.ClientId] = k2;
                earlier.Add(k2);
                decisions[j] = (Decision.Insert, k2, flags);
            }
            if (accepted.Count > 0) await InsertAsync(accepted);

            var again = new List<int>();
            for (var j = 0; j < todo.Count; j++)
            {
                var (what, k, flags) = decisions[j];
                var row = rows[todo[j]];
                DateTimeOffset? firstIn = null;
                foreach (var e in scans[(row.SessionId, row.EnrollmentId)])
                    if (e.Kind == "in" && (e.Id is not null || e.New is not null) && (firstIn is null || e.At < firstIn)) firstIn = e.At;
                results[todo[j]] = what switch
                {
                    // Id null: the same clientId was stored meanwhile by another writer; the request reads that one.
                    Decision.Insert when k!.Id is null => new WriteResult(null, null, false, flags),
                    Decision.Insert => new WriteResult(k.Id, null, false, flags, firstIn),
                    Decision.NoSignIn => new WriteResult(null, null, true, ""),
                    _ when k!.New is null => new WriteResult(null, k.Full ??= await FullAsync(k.Id!.Value), false, "", firstIn),
                    _ when k.Id is { } id => new WriteResult(null, ToRow(id, k.New), false, "", firstIn),
                    _ => null,
                };
                if (results[todo[j]] is null) again.Add(todo[j]);
            }
            return again;
        }

        private static CheckInRow ToRow(long id, NewCheckIn r) => new()
        {
            Id = id, SessionId = r.SessionId, EnrollmentId = r.EnrollmentId, Kind = r.Kind, ClientId = r.ClientId, At = r.At.ToUniversalTime(),
            DeviceAt = r.DeviceAt?.ToUniversalTime(), ServerAt = r.ServerAt.ToUniversalTime(), Method = r.Method, DeviceKey = r.Device,
            RecordedBy = r.RecordedBy, Flags = r.Flags, DistanceM = r.Distance,
        };
    }

    private const string InsertColumns = "session_id, enrollment_id, kind, client_id, at, device_at, server_at, method, device_key, recorded_by, flags, distance_m";
    private const string Columns = "id, " + InsertColumns;

    /// <summary>
    /// SQLite: in-process, so a statement per row costs no round trip; the batch is one transaction. The usual row of a
    /// burst (the first sign-in of its trainee's session, a new clientId) is one statement that inserts it unless its
    /// trainee's session has a scan already; only the other rows are read and decided. The two INSERTs are driven through
    /// SQLitePCL directly (prepared once per connection, bound by position): Microsoft.Data.Sqlite looks every parameter
    /// up by name and re-checks its statements on each execution, which cost more than SQLite's own work for the row.
    /// </summary>
    private sealed class SqliteStore : Store
    {
        private const string InsertSql = $"INSERT INTO check_ins ({InsertColumns}) ";
        private readonly SqliteConnection _c;
        private SqliteTransaction? _tx;
        private readonly SqliteCommand _byClient, _byPair, _byId;
        private readonly SqliteParameter _client, _session, _enrollment, _id;
        private readonly RawInsert _insert, _insertFirst;
        private const string KnownColumns = "id, session_id, enrollment_id, kind, device_key, client_id, at";

        /// <summary>
        /// <see cref="WalCheckpointer"/> checkpoints the WAL beside this connection, whose own commits checkpoint only past
        /// <see cref="WalCheckpointer.WriterPages"/> (the setting is the connection's; SQLite's default is restored before
        /// the connection goes back to the pool).
        /// </summary>
        public SqliteStore(SqliteConnection c)
        {
            _c = c;
            Pragma($"PRAGMA wal_autocheckpoint = {WalCheckpointer.WriterPages}");
            _byClient = Command($"SELECT {KnownColumns} FROM check_ins WHERE client_id = $c");
            _client = _byClient.Parameters.Add("$c", SqliteType.Text);
            _byPair = Command($"SELECT {KnownColumns} FROM check_ins WHERE session_id = $s AND enrollment_id = $e");
            _session = _byPair.Parameters.Add("$s", SqliteType.Integer);
            _enrollment = _byPair.Parameters.Add("$e", SqliteType.Integer);
            _byId = Command($"SELECT {Columns} FROM check_ins WHERE id = $id");
            _id = _byId.Parameters.Add("$id", SqliteType.Integer);
            _insert = new RawInsert(c, InsertSql + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (client_id) DO NOTHING RETURNING id");
            // (the WHERE is also what SQLite needs to read ON CONFLICT after INSERT … SELECT as the upsert clause)
            _insertFirst = new RawInsert(c, InsertSql + """
                SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12
                WHERE NOT EXISTS (SELECT 1 FROM check_ins WHERE session_id = ?1 AND enrollment_id = ?2)
                ON CONFLICT (client_id) DO NOTHING RETURNING id
                """);
        }

        private SqliteCommand Command(string sql)
        {
            var cmd = _c.CreateCommand();
            cmd.CommandText = sql;
            return cmd;
        }

        private void Pragma(string sql)
        {
            using var cmd = Command(sql);
            cmd.ExecuteNonQuery();
        }

        private SqliteTransaction Tx()
        {
            if (_tx is null)
            {
                _tx = _c.BeginTransaction();
                _byClient.Transaction = _byPair.Transaction = _byId.Transaction = _tx;
            }
            return _tx;
        }

        private Task<List<Known>> LoadAsync(List<string> clientIds, List<(long Session, long Enrollment)> pairs)
        {
            Tx();
            var found = new Dictionary<long, Known>();
            void Read(SqliteCommand cmd)
            {
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    var id = r.GetInt64(0);
                    if (!found.ContainsKey(id))
                        found[id] = new Known
                        {
                            Id = id, SessionId = r.GetInt64(1), EnrollmentId = r.GetInt64(2), Kind = r.GetString(3),
                            Device = r.IsDBNull(4) ? null : r.GetString(4), ClientId = r.GetString(5), At = r.GetDateTimeOffset(6),
                        };
                }
            }
            foreach (var cid in clientIds) { _client.Value = cid; Read(_byClient); }
            foreach (var (s, e) in pairs) { _session.Value = s; _enrollment.Value = e; Read(_byPair); }
            return Task.FromResult(found.Values.OrderBy(k => k.Id).ToList());
        }

        protected override async Task<(List<Known> Known, Dictionary<string, long> Stored)> LoadAndInsertAsync(
            List<string> clientIds, List<(long Session, long Enrollment)> pairs, List<NewCheckIn> candidates)
        {
            Tx();
            var stored = new Dictionary<string, long>(StringComparer.Ordinal);
            var storedPairs = new HashSet<(long, long)>();
            foreach (var r in candidates)
                if (_insertFirst.Run(r) is { } id) { stored[r.ClientId] = id; storedPairs.Add((r.SessionId, r.EnrollmentId)); }
            // A stored candidate's clientId and session had nothing before it (the insert checked both, in this
            // transaction): the rows of the batch that share them are decided from the batch alone.
            var readClients = stored.Count == 0 ? clientIds : clientIds.Where(c => !stored.ContainsKey(c)).ToList();
            var readPairs = stored.Count == 0 ? pairs : pairs.Where(p => !storedPairs.Contains(p)).ToList();
            if (readClients.Count == 0 && readPairs.Count == 0) return ([], stored);
            return (await LoadAsync(readClients, readPairs), stored);
        }

        protected override Task<CheckInRow> FullAsync(long id)
        {
            _id.Value = id;
            using var r = _byId.ExecuteReader();
            r.Read();
            return Task.FromResult(new CheckInRow
            {
                Id = r.GetInt64(0), SessionId = r.GetInt64(1), EnrollmentId = r.GetInt64(2), Kind = r.GetString(3), ClientId = r.GetString(4),
                At = SqliteDialect.InstantFromText(r.GetString(5)), DeviceAt = r.IsDBNull(6) ? null : SqliteDialect.InstantFromText(r.GetString(6)),
                ServerAt = SqliteDialect.InstantFromText(r.GetString(7)),
                Method = r.GetString(8), DeviceKey = r.IsDBNull(9) ? null : r.GetString(9), RecordedBy = r.IsDBNull(10) ? null : r.GetInt64(10),
                Flags = r.GetString(11), DistanceM = r.IsDBNull(12) ? null : r.GetDouble(12),
            });
        }

        protected override Task InsertAsync(List<Known> rows)
        {
            Tx();
            foreach (var k in rows) k.Id = _insert.Run(k.New!);
            return Task.CompletedTask;
        }

        protected override (DbConnection, DbTransaction?) Current => (_c, Tx());

        protected override Task CommitAsync()
        {
            _tx?.Commit();
            _tx?.Dispose();
            _tx = null;
            return Task.CompletedTask;
        }

        public override async ValueTask DisposeAsync()
        {
            _tx?.Dispose();
            foreach (var cmd in new[] { _byClient, _byPair, _byId }) cmd.Dispose();
            _insert.Dispose();
            _insertFirst.Dispose();
            if (_c.State == System.Data.ConnectionState.Open)
                try { Pragma("PRAGMA wal_autocheckpoint = 1000"); } catch (SqliteException) { } // SQLite's default
            await _c.DisposeAsync();
        }
    }

    /// <summary>
    /// SQLite: checkpoints the WAL on a thread of its own. Left to SQLite, a commit that takes the WAL past 1,000 pages
    /// checkpoints it there and then — copies the pages into the database and waits for two fsyncs, 3–8 ms on this
    /// machine — and in a burst every sign-in queued behind that commit waited with it (both cores idle 12 % of the time:
    /// the random inserts into the clientId index dirty many pages, so this came every few dozen batches). A PASSIVE
    /// checkpoint here runs beside the writer, which keeps appending to the WAL meanwhile; at most one per 100 ms.
    /// But only a checkpoint that finds nothing newer than itself lets the next writer start the WAL file over, which a
    /// checkpoint beside a busy writer never does: the file grew by 50 MB a second of burst. So the writer's own commits
    /// still checkpoint, past <see cref="WriterPages"/>: by then this one has copied nearly everything, and the writer
    /// only waits for the fsyncs, about once a second of burst instead of ten times.
    /// </summary>
    private sealed class WalCheckpointer
    {
        /// <summary>The writer's autocheckpoint: the WAL file stays below about 40 MB.</summary>
        public const int WriterPages = 10_000;
        private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);
        private readonly Db _db;
        private readonly ILogger _log;
        private readonly SemaphoreSlim _due = new(0, 1);
        private volatile bool _stopped;

        public WalCheckpointer(Db db, ILogger log)
        {
            _db = db;
            _log = log;
            new Thread(Loop) { IsBackground = true, Name = "wal checkpointer" }.Start();
        }

        /// <summary>The writer committed: a checkpoint is due (one at a time; nudges meanwhile fold into the next).</summary>
        public void Nudge()
        {
            if (_due.CurrentCount > 0) return;
            try { _due.Release(); } catch (SemaphoreFullException) { }
        }

        public void Stop()
        {
            _stopped = true;
            Nudge();
        }

        private void Loop()
        {
            while (true)
            {
                _due.Wait();
                if (_stopped) return;
                try
                {
                    using var c = (SqliteConnection)_db.OpenAsync().GetAwaiter().GetResult();
                    var rc = SQLitePCL.raw.sqlite3_wal_checkpoint_v2(c.Handle, null, SQLitePCL.raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);
                    if (rc is not (SQLitePCL.raw.SQLITE_OK or SQLitePCL.raw.SQLITE_BUSY)) SqliteException.ThrowExceptionForRC(rc, c.Handle);
                }
                catch (Exception e) { _log.LogWarning(e, "WAL checkpoint failed; the next commit tries again"); }
                Thread.Sleep(Every);
            }
        }
    }

    /// <summary>
    /// An INSERT … RETURNING id of one check-in row, prepared once on the writer's connection and bound by position
    /// (?1 … ?12 in the order of <see cref="InsertColumns"/>). Instants are bound as the same UTC text Microsoft.Data.Sqlite
    /// writes for a DateTimeOffset, so every reader sees one format.
    /// </summary>
    private sealed class RawInsert : IDisposable
    {
        private readonly SqliteConnection _c;
        private readonly SQLitePCL.sqlite3_stmt _stmt;

        public RawInsert(SqliteConnection c, string sql)
        {
            _c = c;
            Check(SQLitePCL.raw.sqlite3_prepare_v3(c.Handle, sql, SQLitePCL.raw.SQLITE_PREPARE_PERSISTENT, out _stmt, out _));
        }

        private void Check(int rc)
        {
            if (rc is not (SQLitePCL.raw.SQLITE_OK or SQLitePCL.raw.SQLITE_ROW or SQLitePCL.raw.SQLITE_DONE))
                SqliteException.ThrowExceptionForRC(rc, _c.Handle);
        }

        /// <summary>The new row's id, or null when nothing was inserted (a conflict, or the WHERE said no).</summary>
        public long? Run(NewCheckIn r)
        {
            var s = _stmt;
            try
            {
                Check(SQLitePCL.raw.sqlite3_bind_int64(s, 1, r.SessionId));
                Check(SQLitePCL.raw.sqlite3_bind_int64(s, 2, r.EnrollmentId));
                Text(3, r.Kind);
                Text(4, r.ClientId);
                Text(5, SqliteDialect.InstantText(r.At));
                Text(6, r.DeviceAt is { } d ? SqliteDialect.InstantText(d) : null);
                Text(7, SqliteDialect.InstantText(r.ServerAt));
                Text(8, r.Method);
                Text(9, r.Device);
                Check(SQLitePCL.raw.sqlite3_bind_int64(s, 10, r.RecordedBy));
                Text(11, r.Flags);
                Check(r.Distance is { } m ? SQLitePCL.raw.sqlite3_bind_double(s, 12, m) : SQLitePCL.raw.sqlite3_bind_null(s, 12));
                var rc = SQLitePCL.raw.sqlite3_step(s);
                Check(rc);
                // RETURNING: SQLite makes every change on the first step, so the statement is reset after the row
                return rc == SQLitePCL.raw.SQLITE_ROW ? SQLitePCL.raw.sqlite3_column_int64(s, 0) : null;
            }
            finally { SQLitePCL.raw.sqlite3_reset(s); }
        }

        // UTF-16 as it is (SQLite converts it; no UTF-8 copy here); an empty span has no address, which SQLite reads as NULL
        private void Text(int index, string? value) => Check(
            value is null ? SQLitePCL.raw.sqlite3_bind_null(_stmt, index)
            : value.Length == 0 ? SQLitePCL.raw.sqlite3_bind_text(_stmt, index, "")
            : SQLitePCL.raw.sqlite3_bind_text16(_stmt, index, value));

        public void Dispose() => _stmt.Dispose();
    }

    /// <summary>PostgreSQL: two round trips per batch, whatever its size; the INSERT commits on its own (one statement).</summary>
    private sealed class PostgresStore : Store
    {
        private readonly NpgsqlConnection _c;
        private readonly NpgsqlCommand _load, _byId, _insert;
        private readonly NpgsqlParameter<string[]> _clientIds;
        private readonly NpgsqlParameter<long[]> _sessions, _enrollments;
        private readonly NpgsqlParameter<long> _id;
        private bool _prepared;

        public PostgresStore(NpgsqlConnection c)
        {
            _c = c;
            _load = new NpgsqlCommand($"""
                SELECT {Columns} FROM check_ins WHERE client_id = ANY($1)
                UNION ALL
                SELECT {string.Join(", ", Columns.Split(", ").Select(x => "c." + x))}
                FROM unnest($2, $3) AS k(session_id, enrollment_id)
                JOIN check_ins c ON c.session_id = k.session_id AND c.enrollment_id = k.enrollment_id
                """, c);
            _load.Parameters.Add(_clientIds = new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            _load.Parameters.Add(_sessions = new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            _load.Parameters.Add(_enrollments = new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            _byId = new NpgsqlCommand($"SELECT {Columns} FROM check_ins WHERE id = $1", c);
            _byId.Parameters.Add(_id = new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint });
            _insert = new NpgsqlCommand("""
                INSERT INTO check_ins (session_id, enrollment_id, kind, client_id, at, device_at, server_at, method, device_key, recorded_by, flags, distance_m)
                SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                ON CONFLICT (client_id) DO NOTHING RETURNING id, client_id
                """, c);
            foreach (var t in new[] { NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz,
                         NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text,
                         NpgsqlDbType.Double })
                _insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | t });
        }

        private async Task PrepareAsync()
        {
            if (_prepared) return;
            // Prepared statements live on the physical connection: after the first time this finds them there.
            // Not the reads: a generic plan made while check_ins was still empty scans the whole table ever after (the join
            // of the batch's pairs turns into a hash join over a sequential scan); planned each time, they use the indexes.
            await _insert.PrepareAsync();
            _prepared = true;
        }

        private static CheckInRow Read(NpgsqlDataReader r) => new()
        {
            Id = r.GetInt64(0), SessionId = r.GetInt64(1), EnrollmentId = r.GetInt64(2), Kind = r.GetString(3), ClientId = r.GetString(4),
            At = Utc(r.GetDateTime(5)), DeviceAt = r.IsDBNull(6) ? null : Utc(r.GetDateTime(6)), ServerAt = Utc(r.GetDateTime(7)),
            Method = r.GetString(8), DeviceKey = r.IsDBNull(9) ? null : r.GetString(9), RecordedBy = r.IsDBNull(10) ? null : r.GetInt64(10),
            Flags = r.GetString(11), DistanceM = r.IsDBNull(12) ? null : r.GetDouble(12),
        };

        private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

        private async Task<List<Known>> LoadAsync(List<string> clientIds, List<(long Session, long Enrollment)> pairs)
        {
            _clientIds.TypedValue = clientIds.ToArray();
            _sessions.TypedValue = pairs.Select(p => p.Session).ToArray();
            _enrollments.TypedValue = pairs.Select(p => p.Enrollment).ToArray();
            var found = new Dictionary<long, Known>();
            await using (var r = await _load.ExecuteReaderAsync())
                while (await r.ReadAsync())
                {
                    var row = Read(r);
                    found.TryAdd(row.Id, new Known
                    {
                        Id = row.Id, ClientId = row.ClientId, SessionId = row.SessionId, EnrollmentId = row.EnrollmentId, Kind = row.Kind,
                        Device = row.DeviceKey, At = row.At, Full = row,
                    });
                }
            return found.Values.OrderBy(k => k.Id).ToList();
        }

        protected override async Task<(List<Known> Known, Dictionary<string, long> Stored)> LoadAndInsertAsync(
            List<string> clientIds, List<(long Session, long Enrollment)> pairs, List<NewCheckIn> candidates)
        {
            if (candidates.Count == 0) return (await LoadAsync(clientIds, pairs), new Dictionary<string, long>());
            // One statement: the stored rows of the batch's clientIds and pairs, and the candidates that have none of
            // either inserted (ON CONFLICT for a clientId stored meanwhile); the last column tells them apart.
            var cmd = _fast ??= FastCommand();
            var p = cmd.Parameters;
            Fill(p, candidates);
            p[12].Value = clientIds.ToArray();
            p[13].Value = pairs.Select(x => x.Session).ToArray();
            p[14].Value = pairs.Select(x => x.Enrollment).ToArray();
            var found = new Dictionary<long, Known>();
            var stored = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var r = await cmd.ExecuteReaderAsync())
                while (await r.ReadAsync())
                {
                    if (r.GetBoolean(13)) { stored[r.GetString(4)] = r.GetInt64(0); continue; }
                    var row = Read(r);
                    found.TryAdd(row.Id, new Known
                    {
                        Id = row.Id, ClientId = row.ClientId, SessionId = row.SessionId, EnrollmentId = row.EnrollmentId, Kind = row.Kind,
                        Device = row.DeviceKey, At = row.At, Full = row,
                    });
                }
            return (found.Values.OrderBy(k => k.Id).ToList(), stored);
        }

        private NpgsqlCommand? _fast;


        private NpgsqlCommand FastCommand()
        {
            var cmd = new NpgsqlCommand($"""
                WITH b AS (
                    SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) AS b({InsertColumns})
                ), known AS (
                    SELECT {Columns} FROM check_ins WHERE client_id = ANY($13)
                    UNION
                    SELECT {string.Join(", ", Columns.Split(", ").Select(x => "c." + x))}
                    FROM unnest($14, $15) AS k(session_id, enrollment_id)
                    JOIN check_ins c ON c.session_id = k.session_id AND c.enrollment_id = k.enrollment_id
                ), ins AS (
                    INSERT INTO check_ins ({InsertColumns})
                    SELECT {InsertColumns} FROM b
                    WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.client_id = b.client_id OR (k.session_id = b.session_id AND k.enrollment_id = b.enrollment_id))
                    ON CONFLICT (client_id) DO NOTHING RETURNING id, client_id
                )
                SELECT {Columns}, FALSE AS stored FROM known
                UNION ALL
                SELECT id, NULL::bigint, NULL::bigint, NULL::text, client_id, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz, NULL::text,
                       NULL::text, NULL::bigint, NULL::text, NULL::float8, TRUE FROM ins
                """, _c);
            foreach (var t in InsertTypes) cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | t });
            cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            return cmd;
        }

        private static readonly NpgsqlDbType[] InsertTypes =
        [
            NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz,
            NpgsqlDbType.TimestampTz, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Double,
        ];

        /// <summary>The rows as the twelve arrays of an INSERT's unnest (parameters 0–11).</summary>
        private static void Fill(NpgsqlParameterCollection p, IReadOnlyList<NewCheckIn> news)
        {
            p[0].Value = news.Select(r => r.SessionId).ToArray();
            p[1].Value = news.Select(r => r.EnrollmentId).ToArray();
            p[2].Value = news.Select(r => r.Kind).ToArray();
            p[3].Value = news.Select(r => r.ClientId).ToArray();
            p[4].Value = news.Select(r => r.At.UtcDateTime).ToArray();
            p[5].Value = news.Select(r => r.DeviceAt?.UtcDateTime).ToArray();
            p[6].Value = news.Select(r => r.ServerAt.UtcDateTime).ToArray();
            p[7].Value = news.Select(r => r.Method).ToArray();
            p[8].Value = news.Select(r => r.Device).ToArray();
            p[9].Value = news.Select(r => r.RecordedBy).ToArray();
            p[10].Value = news.Select(r => r.Flags).ToArray();
            p[11].Value = news.Select(r => r.Distance).ToArray();
        }

        // Only a batch with rows to trace is a transaction (BeginAsync); commands need not name it: Npgsql runs them in the
        // connection's transaction.
        private NpgsqlTransaction? _tx;

        protected override async Task BeginAsync() => _tx ??= await _c.BeginTransactionAsync();

        protected override (DbConnection, DbTransaction?) Current => (_c, _tx);

        protected override async Task CommitAsync()
        {
            if (_tx is null) return;
            await _tx.CommitAsync();
            await _tx.DisposeAsync();
            _tx = null;
        }

        protected override async Task<CheckInRow> FullAsync(long id)
        {
            _id.TypedValue = id;
            await using var r = await _byId.ExecuteReaderAsync();
            await r.ReadAsync();
            return Read(r);
        }

        protected override async Task InsertAsync(List<Known> rows)
        {
            await PrepareAsync();
            var n = rows.Count;
            Fill(_insert.Parameters, rows.Select(k => k.New!).ToArray());
            var byClient = new Dictionary<string, Known>(n, StringComparer.Ordinal);
            foreach (var k in rows) byClient[k.ClientId] = k;
            await using var r = await _insert.ExecuteReaderAsync();
            while (await r.ReadAsync()) byClient[r.GetString(1)].Id = r.GetInt64(0);
        }

        public override async ValueTask DisposeAsync()
        {
            if (_tx is not null) await _tx.DisposeAsync();
            foreach (var cmd in new[] { _load, _byId, _insert, _fast }) if (cmd is not null) await cmd.DisposeAsync();
            await _c.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var q in _queues) q.Writer.TryComplete();
        try { await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(5)); } catch (TimeoutException) { }
        _checkpointer?.Stop();
    }
}
