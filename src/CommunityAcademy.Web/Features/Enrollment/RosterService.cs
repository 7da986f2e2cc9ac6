using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Enrollment;
using CommunityAcademy.Web.Features.Accounts;
using CommunityAcademy.Web.Features.Cohorts;
using CommunityAcademy.Web.Features.Units;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;
using System.Data.Common;

namespace CommunityAcademy.Web.Features.Enrollment;

public sealed class RosterEntry
{
    public long Id { get; init; }
    public long? UserId { get; init; }
    public string? Username { get; set; }
    public string Category { get; init; } = "";
    public string Name { get; init; } = "";
    public long? UnitId { get; init; }
    public string? UnitName { get; init; }
    public string? Position { get; init; }
    public string? Phone { get; set; }
    public string? IdNumber { get; set; }
    public string? Gender { get; init; }
    public string? Organization { get; init; }
    public string? Days { get; init; }
    public string Status { get; init; } = "";
    /// <summary>The phone is shown masked to this caller (a head teacher may reveal it, one at a time).</summary>
    public bool PhoneMasked { get; set; }
}

public sealed record SubstitutionRow(long Id, string OldName, string NewName, string Reason, string? By, DateTimeOffset At);

public sealed record NewPerson(string Name, string Phone, string? IdNumber, string? Gender, string? Position);

/// <summary>What a lock did: locked, no such class, or refused because people are still named by two units.</summary>
public enum LockOutcome { Locked, NotFound, NamedTwice }

/// <summary>
/// 参训名单: locking copies the current receipts into the roster and gives every trainee an account
/// (username = mobile number; first password = a one-time code printed on a slip, see <see cref="OneTimeCodes"/>).
/// After the lock, changes are substitutions with who, when and why.
/// </summary>
public sealed class RosterService(Db db, CohortStore cohorts, QuotaStore quotas, ReceiptService receipts, AccountStore accounts,
    OneTimeCodes codes, TimeProvider clock, ILogger<RosterService> log)
{
    private const string SelectEntry = """
        SELECT e.id, e.user_id, us.username, e.category, e.name, e.unit_id, u.name AS unit_name, e.position, e.phone, e.id_number,
               e.gender, e.organization, e.days, e.status
        FROM enrollments e LEFT JOIN units u ON u.id = e.unit_id LEFT JOIN users us ON us.id = e.user_id
        """;

    public async Task<IReadOnlyList<RosterEntry>> EntriesAsync(long cohortId, string? category = "trainee", bool activeOnly = true)
    {
        await using var c = await db.OpenAsync();
        var sql = SelectEntry + " WHERE e.cohort_id = @cohortId" + (category is null ? "" : " AND e.category = @category")
                  + (activeOnly ? " AND e.status = 'active'" : "") + " ORDER BY COALESCE(u.sort_key, '~'), e.id"; // the units in tree order (#15), as received within one
        return (await c.QueryAsync<RosterEntry>(sql, new { cohortId, category })).ToList();
    }

    /// <summary>
    /// The roster as the caller may see it: a contact its subtree, a trainee nobody but themself; phones, ID numbers and
    /// phone-number user names as <see cref="PersonalData"/> decides (the page, the API and the export all read this).
    /// </summary>
    public async Task<IReadOnlyList<RosterEntry>?> VisibleAsync(CurrentUser me, long cohortId)
    {
        if (await cohorts.FindVisibleAsync(me, cohortId) is null) return null;
        var list = (await EntriesAsync(cohortId)).ToList();
        // Only contacts need the tree (their subtree, the receipts their unit submitted); staff see everyone, a trainee only themself.
        var tree = !me.IsStaff && me.IsIn(Role.UnitContact) ? (await quotas.LoadAsync(cohortId)).Tree : null;
        if (!me.IsStaff)
            list = list.Where(e => tree is null ? e.UserId == me.Id : e.UnitId is { } u && UnitStore.CanSee(tree, me, u)).ToList();
        await RosterPersonalData.MaskAsync(db, PersonalData.For(me, tree), cohortId, list);
        return list;
    }

    /// <summary>
    /// Locks by hand (or, for auto-lock, on behalf of the deadline). Idempotent, and safe in any order with substitutions,
    /// reopening and new receipts: an enrollment is never deleted and never inserted twice. A person named again who had
    /// left the roster returns to it; a person replaced after a lock stays replaced (the substitute keeps the place).
    /// </summary>
    /// <remarks>
    /// A person named by two receipts (same phone or ID number) becomes one entry: never silently. Unless
    /// <paramref name="mergeNamedTwice"/> says the organizer saw them and agreed (or the deadline's auto-lock, which logs
    /// and audits them), the lock is refused with <see cref="LockOutcome.NamedTwice"/> and nothing changes.
    /// </remarks>
    public async Task<LockOutcome> LockAsync(long cohortId, long? byUserId, DateTimeOffset? at = null, bool mergeNamedTwice = false)
    {
        var cohort = await cohorts.FindAsync(cohortId);
        if (cohort is null) return LockOutcome.NotFound;
        var now = at ?? clock.GetUtcNow();
        var current = await receipts.CurrentRowsAsync(cohortId);
        var twice = NamedTwice(current);
        if (twice.Count > 0 && !mergeNamedTwice) return LockOutcome.NamedTwice;
        if (twice.Count > 0)
            log.LogWarning("Roster of cohort {CohortId} locked with {Count} people named by two units, one entry each", cohortId, twice.Count);
        var all = await EntriesAsync(cohortId, "trainee", activeOnly: false);
        // One enrollment per person and class: the active one if any, else the latest.
        var byKey = all.Where(e => e.Phone is not null).GroupBy(e => PhoneNumber.Key(e.Phone))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(e => e.Status == "active").ThenByDescending(e => e.Id).First());
        // Codes are hashed before the transaction: PBKDF2 is slow and the write lock should not wait for it.
        var newAccounts = new System.Collections.Concurrent.ConcurrentDictionary<string, IssuedCode>();
        var needed = new List<ReceivedRow>();
        foreach (var r in current.DistinctBy(r => r.PhoneKey).Where(r => !byKey.ContainsKey(r.PhoneKey)))
            if (await accounts.FindByUsernameAsync(r.PhoneKey) is null) needed.Add(r);
        Parallel.ForEach(needed, r => newAccounts[r.PhoneKey] = codes.Issue());

        await db.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("UPDATE cohorts SET roster_locked_at = @now, roster_locked_by = @byUserId WHERE id = @cohortId",
                new { now, byUserId, cohortId }, tx);
            await Attendance.AttendanceSettlement.ReopenCohortAsync(c, tx, cohortId); // the trainees may change
            var keep = new HashSet<long>();
            foreach (var r in current)
            {
                if (!byKey.TryGetValue(r.PhoneKey, out var known))
                {
                    var userId = await EnsureTraineeAccountAsync(c, tx, r.PhoneKey, r.Name, r.UnitId, r.Phone, newAccounts.GetValueOrDefault(r.PhoneKey));
                    // The account may already be in this class under another number's row (its phone written differently).
                    var enrolled = await c.QuerySingleOrDefaultAsync<RosterEntry>(
                        "SELECT id, status FROM enrollments WHERE cohort_id = @cohortId AND user_id = @userId", new { cohortId, userId }, tx);
                    known = enrolled ?? new RosterEntry
                    {
                        Id = await c.ExecuteScalarAsync<long>("""
                            INSERT INTO enrollments (cohort_id, user_id, category, name, unit_id, position, phone, phone_key, id_number, gender, receipt_row_id, status, created_at)
                            VALUES (@cohortId, @userId, 'trainee', @Name, @UnitId, @Position, @Phone, @PhoneKey, @IdNumber, @Gender, @Id, 'active', @now) RETURNING id
                            """, new { cohortId, userId, r.Name, r.UnitId, r.Position, r.Phone, r.PhoneKey, r.IdNumber, r.Gender, r.Id, now }, tx),
                        Status = "active",
                    };
                    byKey[r.PhoneKey] = known;
                }
                if (known.Status == "removed")
                {
                    // Left with an earlier receipt and named again: back on the roster with this receipt's details.
                    await c.ExecuteAsync("""
                        UPDATE enrollments SET status = 'active', name = @Name, unit_id = @UnitId, position = @Position, phone = @Phone,
                               phone_key = @PhoneKey, id_number = @IdNumber, gender = @Gender, receipt_row_id = @Id
                        WHERE id = @enrollmentId
                        """, new { r.Name, r.UnitId, r.Position, r.Phone, r.PhoneKey, r.IdNumber, r.Gender, r.Id, enrollmentId = known.Id }, tx);
                    byKey[r.PhoneKey] = known = new RosterEntry { Id = known.Id, Status = "active" };
                }
                if (known.Status == "active") keep.Add(known.Id);
                // "replaced": a substitution after a lock is the organizer's decision; a receipt naming the person again does not undo it.
            }
            // Trainees no longer named in any current receipt leave the roster (kept, marked removed); substitutes stay.
            foreach (var e in all.Where(e => e.Status == "active" && !keep.Contains(e.Id)))
                await c.ExecuteAsync("UPDATE enrollments SET status = 'removed' WHERE id = @Id AND receipt_row_id IS NOT NULL", new { e.Id }, tx);
            await Audit.WriteAsync(c, tx, byUserId, now, "cohort", cohortId, "roster.lock", null, $"{current.Count} trainees",
                twice.Count == 0 ? null : "named twice, one entry each: " + string.Join("; ", twice.Select(g => string.Join(" / ", g.Select(r => $"{r.Name} (receipt {r.ReceiptId}, row {r.RowNumber})")))));
            return 0;
        });
        log.LogInformation("Roster of cohort {CohortId} locked with {Count} trainees", cohortId, current.Count);
        return LockOutcome.Locked;
    }

    /// <summary>Rows of the current receipts that name the same person (phone or ID number) more than once.</summary>
    public static IReadOnlyList<IReadOnlyList<ReceivedRow>> NamedTwice(IReadOnlyList<ReceivedRow> current)
    {
        var groups = new List<IReadOnlyList<ReceivedRow>>();
        var seen = new HashSet<long>();
        foreach (var g in current.SelectMany(r => ReceiptCheck.PersonKeys(r.Phone, r.IdNumber).Select(k => (Key: k, Row: r))).GroupBy(x => x.Key))
        {
            var rows = g.Select(x => x.Row).DistinctBy(r => r.Id).ToList();
            if (rows.Count < 2 || rows.All(r => seen.Contains(r.Id))) continue;
            foreach (var r in rows) seen.Add(r.Id);
            groups.Add(rows);
        }
        return groups;
    }

    public async Task<IReadOnlyList<IReadOnlyList<ReceivedRow>>> NamedTwiceAsync(long cohortId) => NamedTwice(await receipts.CurrentRowsAsync(cohortId));

    public async Task UnlockAsync(long cohortId, long byUserId, string? reason)
    {
        var now = clock.GetUtcNow();
        await db.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("UPDATE cohorts SET roster_locked_at = NULL, roster_locked_by = NULL, roster_reopened_at = @now WHERE id = @cohortId",
                new { now, cohortId }, tx);
            await Audit.WriteAsync(c, tx, byUserId, now, "cohort", cohortId, "roster.reopen", null, null, reason);
            return 0;
        });
    }

    /// <summary>Locks every cohort whose deadline has passed with auto-lock on and no lock yet. Returns the cohorts locked.</summary>
    public async Task<IReadOnlyList<long>> AutoLockDueAsync()
    {
        var now = clock.GetUtcNow();
        await using var c = await db.OpenAsync();
        var candidates = await c.QueryAsync<CohortRow>("""
            SELECT id, time_zone, receipt_deadline, roster_auto_lock, roster_locked_at, roster_reopened_at, start_date, end_date
            FROM cohorts WHERE roster_auto_lock = TRUE AND roster_locked_at IS NULL AND receipt_deadline IS NOT NULL
            """);
        var locked = new List<long>();
        foreach (var cohort in candidates.Where(x => x.IsRosterLocked(now)))
        {
            // The deadline locks what came in; people named twice are merged, logged and written to the audit (never silently).
            await LockAsync(cohort.Id, null, RosterRules.DeadlineEnd(cohort.ReceiptDeadline!.Value, cohort.TimeZone), mergeNamedTwice: true);
            locked.Add(cohort.Id);
        }
        return locked;
    }

    /// <summary>替换: after the lock, one trainee replaces another; recorded with who, when and why.</summary>
    public async Task<(long? NewId, string? Problem)> SubstituteAsync(long cohortId, long enrollmentId, NewPerson person, string reason, long byUserId)
    {
        var cohort = await cohorts.FindAsync(cohortId);
        if (cohort is null) return (null, "NotFound");
        if (!cohort.IsRosterLocked(clock.GetUtcNow())) return (null, "名单尚未锁定：锁定前请由报送单位更新回执。");
        if (string.IsNullOrWhiteSpace(reason)) return (null, "请填写替换原因。");
        if (string.IsNullOrWhiteSpace(person.Name)) return (null, "请填写替换人员姓名。");
        if (!PhoneNumber.IsValid(person.Phone)) return (null, $"“{person.Phone}”不是有效的手机号或固定电话。");
        if (!string.IsNullOrWhiteSpace(person.IdNumber) && IdNumber.Problem(person.IdNumber) is { } idProblem) return (null, Infrastructure.Web.Texts.Of("Error." + idProblem.Code));
        var old = (await EntriesAsync(cohortId)).FirstOrDefault(e => e.Id == enrollmentId);
        if (old is null) return (null, "NotFound");
        var phone = PhoneNumber.Normalize(person.Phone);
        var key = PhoneNumber.Key(phone);
        if ((await EntriesAsync(cohortId)).Any(e => e.Phone is not null && PhoneNumber.Key(e.Phone) == key))
            return (null, "此人已在名单中。");
        var id = string.IsNullOrWhiteSpace(person.IdNumber) ? null : IdNumber.Normalize(person.IdNumber);
        var issued = await accounts.FindByUsernameAsync(key) is null ? codes.Issue() : null;
        var now = clock.GetUtcNow();
        var newId = await db.InTransactionAsync(async (c, tx) =>
        {
            var userId = await EnsureTraineeAccountAsync(c, tx, key, person.Name.Trim(), old.UnitId, phone, issued);
            var nid = await c.ExecuteScalarAsync<long>("""
                INSERT INTO enrollments (cohort_id, user_id, category, name, unit_id, position, phone, phone_key, id_number, gender, status, created_at)
                VALUES (@cohortId, @userId, 'trainee', @name, @unit, @position, @phone, @key, @id, @gender, 'active', @now) RETURNING id
                """, new { cohortId, userId, name = person.Name.Trim(), unit = old.UnitId, position = person.Position ?? old.Position, phone, key, id, gender = person.Gender, now }, tx);
            await c.ExecuteAsync("UPDATE enrollments SET status = 'replaced' WHERE id = @enrollmentId", new { enrollmentId }, tx);
            await Groups.GroupStore.HandOverAsync(c, tx, enrollmentId, nid); // the substitute takes their groups (#16)
            await Attendance.AttendanceSettlement.ReopenCohortAsync(c, tx, cohortId);
            await c.ExecuteAsync("INSERT INTO substitutions (cohort_id, old_enrollment_id, new_enrollment_id, reason, by_user, at) VALUES (@cohortId, @enrollmentId, @nid, @reason, @byUserId, @now)",
                new { cohortId, enrollmentId, nid, reason = reason.Trim(), byUserId, now }, tx);
            await Audit.WriteAsync(c, tx, byUserId, now, "enrollment", enrollmentId, "roster.substitute", old.Name, person.Name.Trim(), reason.Trim());
            return nid;
        });
        return (newId, null);
    }

    public async Task<IReadOnlyList<SubstitutionRow>> SubstitutionsAsync(long cohortId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long Id, string OldName, string NewName, string Reason, string? By, DateTimeOffset At)>("""
            SELECT s.id, o.name, n.name, s.reason, u.display_name, s.at
            FROM substitutions s JOIN enrollments o ON o.id = s.old_enrollment_id JOIN enrollments n ON n.id = s.new_enrollment_id
            LEFT JOIN users u ON u.id = s.by_user WHERE s.cohort_id = @cohortId ORDER BY s.at
            """, new { cohortId })).Select(x => new SubstitutionRow(x.Id, x.OldName, x.NewName, x.Reason, x.By, x.At)).ToList();
    }

    /// <summary>The trainee's account, found by mobile number (one account across classes) or created.</summary>
    private async Task<long> EnsureTraineeAccountAsync(DbConnection c, DbTransaction tx, string username, string name, long? unitId, string phone, IssuedCode? code)
    {
        var existing = await c.ExecuteScalarAsync<long?>("SELECT id FROM users WHERE username = @username", new { username }, tx);
        if (existing is { } id)
        {
            await c.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@id, 'trainee') ON CONFLICT DO NOTHING", new { id }, tx);
            return id;
        }
        if (code is null) throw new InvalidOperationException("A new trainee account needs a one-time code.");
        var created = await accounts.CreateAsync(new NewUser(username, name, "", [Role.Trainee], unitId, phone, MustChangePassword: true,
            PasswordHash: code.PasswordHash), c, tx);
        await OneTimeCodes.ResetAsync(c, tx, created, code, clock.GetUtcNow());
        return created;
    }

}

/// <summary>Locks rosters whose receipt deadline has passed, once a minute.</summary>
public sealed class RosterAutoLock(IServiceProvider services, ILogger<RosterAutoLock> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        do
        {
            try
            {
                foreach (var id in await services.GetRequiredService<RosterService>().AutoLockDueAsync())
                    log.LogInformation("Roster of cohort {CohortId} locked at its receipt deadline", id);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Auto-lock of rosters failed; will retry");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
