namespace CommunityAcademy.Domain.Units;

/// <summary>单位类型. Levels follow the administrative tree; a department sits beside the levels.</summary>
public enum UnitKind
{
    City,            // 市
    District,        // 区/县
    DevelopmentZone, // 经开区/经济区: district level
    Street,          // 街道
    Town,            // 镇
    Township,        // 乡
    Park,            // 园区: street level
    Community,       // 社区
    Village,         // 村
    Department,      // 民政局, 社会事务局, 城乡融合发展局 …: under any node
}

public static class UnitKinds
{
    public static readonly IReadOnlyList<UnitKind> All = Enum.GetValues<UnitKind>();

    /// <summary>1 city, 2 district level, 3 street level, 4 community level; 0 for departments.</summary>
    public static int Level(this UnitKind kind) => kind switch
    {
        UnitKind.City => 1,
        UnitKind.District or UnitKind.DevelopmentZone => 2,
        UnitKind.Street or UnitKind.Town or UnitKind.Township or UnitKind.Park => 3,
        UnitKind.Community or UnitKind.Village => 4,
        _ => 0,
    };

    public static string Code(this UnitKind kind) => kind switch
    {
        UnitKind.City => "city",
        UnitKind.District => "district",
        UnitKind.DevelopmentZone => "development_zone",
        UnitKind.Street => "street",
        UnitKind.Town => "town",
        UnitKind.Township => "township",
        UnitKind.Park => "park",
        UnitKind.Community => "community",
        UnitKind.Village => "village",
        _ => "department",
    };

    public static string Chinese(this UnitKind kind) => kind switch
    {
        UnitKind.City => "市",
        UnitKind.District => "区/县",
        UnitKind.DevelopmentZone => "经开区/经济区",
        UnitKind.Street => "街道",
        UnitKind.Town => "镇",
        UnitKind.Township => "乡",
        UnitKind.Park => "园区",
        UnitKind.Community => "社区",
        UnitKind.Village => "村",
        _ => "部门",
    };

    /// <summary>Accepts the code ("town"), the enum name ("Town") or the Chinese name ("镇").</summary>
    public static bool TryParse(string? text, out UnitKind kind)
    {
        kind = default;
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return false;
        foreach (var k in All)
        {
            if (string.Equals(t, k.Code(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(t, k.ToString(), StringComparison.OrdinalIgnoreCase)
                || t == k.Chinese()
                || k.Chinese().Split('/').Contains(t))
            {
                kind = k;
                return true;
            }
        }
        // The fixture's coarse kinds.
        if (t == "street_or_town") { kind = UnitKind.Town; return true; }
        if (t is "部门" or "机关") { kind = UnitKind.Department; return true; }
        return false;
    }

    // Longest, most specific suffixes first: "梧桐湖园区" is a park, not a district;
    // "葛店经开区城乡融合发展局" is a department, not a zone.
    private static readonly (string Suffix, UnitKind Kind)[] Suffixes =
    [
        ("街道办事处", UnitKind.Street),
        ("局", UnitKind.Department), ("委员会", UnitKind.Department), ("办公室", UnitKind.Department),
        ("中心", UnitKind.Department), ("部", UnitKind.Department), ("处", UnitKind.Department),
        ("所", UnitKind.Department), ("站", UnitKind.Department), ("股", UnitKind.Department),
        ("街道", UnitKind.Street),
        ("社区", UnitKind.Community), ("村", UnitKind.Village),
        ("园区", UnitKind.Park),
        ("经开区", UnitKind.DevelopmentZone), ("经济区", UnitKind.DevelopmentZone),
        ("开发区", UnitKind.DevelopmentZone), ("新区", UnitKind.DevelopmentZone),
        ("区", UnitKind.District), ("县", UnitKind.District),
        ("镇", UnitKind.Town), ("乡", UnitKind.Township),
        ("市", UnitKind.City),
    ];

    /// <summary>Guesses the kind from a Chinese unit name; null when the name says nothing.</summary>
    public static UnitKind? InferFromName(string name)
    {
        var n = name.Trim();
        foreach (var (suffix, kind) in Suffixes)
            if (n.EndsWith(suffix, StringComparison.Ordinal)) return kind;
        return null;
    }

    /// <summary>Null when a unit of kind <paramref name="child"/> may sit under <paramref name="parent"/>.</summary>
    public static Error? CheckPlacement(UnitKind? parent, UnitKind child)
    {
        if (parent is null)
            return child == UnitKind.City ? null : new Error("Unit.RootMustBeCity", child.Chinese());
        if (parent == UnitKind.Department)
            return new Error("Unit.UnderDepartment");
        if (child == UnitKind.Department) return null;
        var ok = (parent.Value.Level(), child.Level()) switch
        {
            (1, 2) => true,          // city → district
            (2, 3) => true,          // district → street/town
            (2, 4) or (3, 4) => true, // community directly under a zone (东街社区 under 葛店经开区)
            _ => false,
        };
        return ok ? null : new Error("Unit.BadPlacement", child.Chinese(), parent.Value.Chinese());
    }
}
