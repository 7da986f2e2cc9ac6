using System.Data.Common;
using CommunityAcademy.Domain.Units;
using CommunityAcademy.Web.Features.Units;

namespace CommunityAcademy.Bench;

/// <summary>The benches' generated unit tree: a city, its districts (第1区…), their towns (第1区第1街道…) and communities.</summary>
public static class BenchUnits
{
    /// <summary>The tree of <paramref name="districts"/> × <paramref name="towns"/> × <paramref name="communities"/>; the communities' ids in order.</summary>
    public static async Task<List<long>> CommunitiesAsync(DbConnection c, DbTransaction tx, string city, int districts, int towns, int communities)
    {
        var root = await UnitStore.InsertAsync(c, tx, new NewUnit(city, UnitKind.City, null));
        var list = new List<long>();
        for (var d = 0; d < districts; d++)
        {
            var district = await UnitStore.InsertAsync(c, tx, new NewUnit($"第{d + 1}区", UnitKind.District, root));
            for (var t = 0; t < towns; t++)
            {
                var town = await UnitStore.InsertAsync(c, tx, new NewUnit($"第{d + 1}区第{t + 1}街道", UnitKind.Town, district));
                for (var k = 0; k < communities; k++)
                    list.Add(await UnitStore.InsertAsync(c, tx, new NewUnit($"第{d + 1}区第{t + 1}街道第{k + 1}社区", UnitKind.Community, town)));
            }
        }
        return list;
    }
}
