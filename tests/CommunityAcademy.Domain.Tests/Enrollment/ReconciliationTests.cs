using CommunityAcademy.Domain.Enrollment;

namespace CommunityAcademy.Domain.Tests.Enrollment;

public class ReconciliationTests
{
    private static QuotaLine Q(long unit, long district, int places = 2, string position = "P") =>
        new(unit, "U" + unit, null, district, "D" + district, position, places);

    private static ReceivedPerson P(long unit, long scope, string phone, string position = "P", string? id = null) =>
        new(unit, "U" + unit, position, "N" + phone, phone, id, scope);

    [Theory]
    [InlineData(2, 2, true, ReceiptStatus.Complete)]
    [InlineData(2, 1, true, ReceiptStatus.Short)]
    [InlineData(2, 3, true, ReceiptStatus.Over)]
    [InlineData(2, 0, true, ReceiptStatus.Missing)]
    [InlineData(2, 0, false, ReceiptStatus.Missing)]
    [InlineData(0, 0, true, ReceiptStatus.Complete)]
    public void Unit_status(int places, int received, bool returned, ReceiptStatus status) =>
        Assert.Equal(status, Reconciliation.StatusOf(places, received, returned));

    [Fact]
    public void Units_districts_late_and_named_twice()
    {
        // District 100 (scope 100): units 1 complete, 2 short, 3 over. District 200 (scope 200, late): unit 4 complete, 5 missing.
        // District 300: no receipt at all.
        var quota = new[] { Q(1, 100), Q(2, 100), Q(3, 100), Q(4, 200), Q(5, 200), Q(6, 300, 1) };
        var scopes = new[]
        {
            new ScopeReceipt(100, "D100", "S100", DateTimeOffset.UnixEpoch, false),
            new ScopeReceipt(200, "D200", "S200", DateTimeOffset.UnixEpoch, true),
            new ScopeReceipt(300, "D300", "S300", null, false),
        };
        var people = new[]
        {
            P(1, 100, "13800000001"), P(1, 100, "13800000002"),
            P(2, 100, "13800000003"),
            P(3, 100, "13800000004"), P(3, 100, "13800000005"), P(3, 100, "13800000006"),
            P(4, 200, "13800000007"), P(4, 200, "13800000003"), // the same phone as a unit-2 trainee
        };
        var r = Reconciliation.Build(quota, unit => quota.First(q => q.UnitId == unit).DistrictId, scopes, people);
        Assert.Equal([ReceiptStatus.Complete, ReceiptStatus.Short, ReceiptStatus.Over, ReceiptStatus.Complete, ReceiptStatus.Missing, ReceiptStatus.Missing],
            r.Units.Select(u => u.Status));
        Assert.Equal([false, false, false, true, true, false], r.Units.Select(u => u.Late));
        Assert.Equal([6, 2, 0], r.Districts.Select(d => d.Received));
        // A district is as bad as its worst unit: missing, then short, then over.
        Assert.Equal([ReceiptStatus.Short, ReceiptStatus.Missing, ReceiptStatus.Missing], r.Districts.Select(d => d.Status));
        Assert.True(r.Districts[1].Late);
        Assert.Equal(1, r.Districts[0].UnitsShort);
        Assert.Equal(1, r.Districts[0].UnitsOver);
        var twice = Assert.Single(r.NamedTwice);
        Assert.Equal([2L, 4L], twice.People.Select(p => p.UnitId).Order());
        Assert.Equal(11, r.Places);
        Assert.Equal(8, r.Received);
    }

    [Fact]
    public void The_same_person_found_by_phone_and_by_id_is_reported_once()
    {
        var quota = new[] { Q(1, 100), Q(2, 100) };
        var scopes = new[] { new ScopeReceipt(100, "D", null, DateTimeOffset.UnixEpoch, false) };
        var people = new[] { P(1, 100, "13800000001", id: "11010519491231002X"), P(2, 100, "13800000001", id: "11010519491231002X") };
        Assert.Single(Reconciliation.Build(quota, _ => 100, scopes, people).NamedTwice);
    }
}
