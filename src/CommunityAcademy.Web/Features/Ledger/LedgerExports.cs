using CommunityAcademy.Domain.Accounts;
using CommunityAcademy.Domain.Ledger;
using CommunityAcademy.Web.Infrastructure.Data;
using CommunityAcademy.Web.Infrastructure.Files;
using CommunityAcademy.Web.Infrastructure.Security;
using Dapper;

namespace CommunityAcademy.Web.Features.Ledger;

/// <summary>
/// The ledger's .xlsx exports: a class's trainees and a unit's year. Every text cell goes through <see cref="XlsxWriter"/>
/// (a cell starting with = + - @ is escaped); the account (a mobile number) is masked by <see cref="PersonalData"/>
/// for whoever may not see it in full.
/// </summary>
public sealed class LedgerExports(Db db)
{
    private async Task<Dictionary<long, (string Username, long? UnitId)>> AccountsAsync(IEnumerable<long> ids)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long Id, string Username, long? UnitId)>($"SELECT id, username, unit_id FROM users WHERE id IN {LedgerStore.InList(ids.Distinct())}"))
            .ToDictionary(x => x.Id, x => (x.Username, x.UnitId));
    }

    private static decimal H(int x10) => x10 / 10m;

    public async Task<byte[]> ClassXlsxAsync(CurrentUser me, string title, ClassLedgerDto ledger)
    {
        var accounts = await AccountsAsync(ledger.Rows.Select(r => r.UserId));
        var pd = PersonalData.For(me);
        string[] header = ["姓名", "账号", "单位", "集中培训学时", "网络学习学时", "实践学时", "合计学时"];
        var rows = ledger.Rows.Select(r => (IReadOnlyList<object?>)
        [
            r.Name, pd.Username(accounts.GetValueOrDefault(r.UserId).Username, new PersonRecord(r.UserId)), r.UnitName ?? "",
            H(r.ClassroomX10), H(r.OnlineX10), H(r.PracticeX10), H(r.TotalX10),
        ]).ToList();
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms, new XlsxWriter.Sheet("学时台账", header, rows) { FreezeHeader = true, TitleRows = [title + " 学时台账"] });
        return ms.ToArray();
    }

    public async Task<byte[]> UnitXlsxAsync(CurrentUser me, UnitSummaryDto s)
    {
        var accounts = await AccountsAsync(s.People.Select(p => p.UserId));
        var pd = PersonalData.For(me);
        string[] header = ["单位", "姓名", "账号", "集中培训学时", "网络学习学时", "实践学时", "合计学时"];
        var rows = s.People.Select(p => (IReadOnlyList<object?>)
        [
            p.UnitName, p.Name, pd.Username(accounts.GetValueOrDefault(p.UserId).Username, new PersonRecord(p.UserId, p.UnitId)),
            H(p.ClassroomX10), H(p.OnlineX10), H(p.PracticeX10), H(p.TotalX10),
        ]).Append(["合计", "", "", H(s.ClassroomX10), H(s.OnlineX10), H(s.PracticeX10), H(s.TotalX10)]).ToList();
        using var ms = new MemoryStream();
        XlsxWriter.Write(ms, new XlsxWriter.Sheet("年度学时", header, rows) { FreezeHeader = true, TitleRows = [$"{s.UnitName} {s.Year}年度学时汇总"] });
        return ms.ToArray();
    }
}
